-- A council's people in id order, so its measures can be worked out a slice of
-- people at a time (src/modules/measures/person-slices.ts): where the next
-- slice starts is found by reading one slice's entries of this index, not by
-- sorting all the council's people.
CREATE INDEX people_council_id ON people (council_id, id);

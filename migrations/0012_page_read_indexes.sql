-- A name search gives a family name and a given name, each a prefix: one index
-- over both finds the few people matching both, where the family name index
-- alone read every "Smith" in the council and filtered them one by one. It
-- answers a search by family name alone too, so that index goes.
CREATE INDEX people_names ON people (council_id, lower(family_name) text_pattern_ops, lower(given_name) text_pattern_ops);
DROP INDEX people_family_name;

-- A caseload is a worker's open requests, oldest first: an index of the open
-- ones alone, in that order, instead of every request the worker ever had.
CREATE INDEX support_requests_open_caseload ON support_requests (council_id, worker_id, requested_on, created_at)
  WHERE closed_on IS NULL;

-- ASCEND's own services and reviews were recorded without two things a CLD
-- return must have (checking a return found every such row flagged): a
-- client funding status on a service user's services and reviews, and an
-- outcome on a service still open. New records carry them; this gives them
-- to the records made before, as the recording now would have. Events that
-- came in a file stay as the file gave them. Run again, it changes nothing.

-- A plan's services: its lines' funding (plans/client-funding-status.ts).
UPDATE cld_events e
SET client_funding_status = CASE
    WHEN f.by_person = 0 THEN 'Fully social care funded'
    WHEN f.by_person = f.lines THEN 'Fully client funded'
    ELSE 'Joint client and social care funded'
  END
FROM (
  SELECT plan_id, count(*) AS lines, count(*) FILTER (WHERE funding_source = 'person_contribution') AS by_person
  FROM support_plan_lines GROUP BY plan_id
) f
WHERE e.source = 'ascend' AND e.event_type = 'Service' AND e.client_type = 'Service user'
  AND e.client_funding_status IS NULL AND e.source_record_id = f.plan_id;

-- Reablement is free to the person; a synthetic council's plans are all the council's to pay, so its
-- services and reviews are all social care funded (synthetic/write-council.ts).
UPDATE cld_events e
SET client_funding_status = 'Fully social care funded'
WHERE e.source = 'ascend' AND e.client_type = 'Service user' AND e.client_funding_status IS NULL
  AND ((e.event_type = 'Service' AND e.service_type = 'Short term support: ST-Max')
    OR (e.event_type IN ('Service', 'Review') AND EXISTS (SELECT 1 FROM people p WHERE p.id = e.person_id AND p.synthetic)));

-- A review: the status of the services in effect when it ended, the latest to start that says
-- (events/store.ts, fundingStatusOn).
UPDATE cld_events r
SET client_funding_status = (
  SELECT s.client_funding_status FROM cld_events_live s
  WHERE s.council_id = r.council_id AND s.person_id = r.person_id AND s.event_type = 'Service'
    AND s.client_funding_status IS NOT NULL AND s.event_start_on <= r.event_end_on
    AND (s.event_end_on IS NULL OR s.event_end_on >= r.event_end_on)
  ORDER BY s.event_start_on DESC LIMIT 1
)
WHERE r.source = 'ascend' AND r.event_type = 'Review' AND r.client_type = 'Service user'
  AND r.client_funding_status IS NULL AND r.event_end_on IS NOT NULL;

-- A service still open continues (events/store.ts, OPEN_SERVICE_OUTCOME).
UPDATE cld_events
SET event_outcome = 'Continuation of support or services'
WHERE source = 'ascend' AND event_type = 'Service' AND event_end_on IS NULL AND event_outcome IS NULL;

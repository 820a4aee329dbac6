-- reserve_order's statements take their array and id parameters from the call, so PL/pgSQL's plan
-- cache kept choosing a custom plan for each and planned every statement on every call: a third of
-- the function's time (docs/performance.md, "Orders end to end"). Their generic plans are the same
-- index scans (test/query-plans.test.ts holds that), planned once per connection.
ALTER FUNCTION reserve_order(uuid, text, text, text, uuid[], integer[], timestamptz, uuid, text) SET plan_cache_mode = force_generic_plan;

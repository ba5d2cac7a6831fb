-- The funds service's first tables (scaffolding: replaced before anything is deployed).
SELECT 1;

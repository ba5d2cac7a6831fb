-- The newest migration of the service's own history and of the kit's.
SELECT (SELECT max(version)::int FROM schemaversion) AS service, (SELECT max(run_at) FROM schemaversion) AS service_at,
       (SELECT max(version)::int FROM kit_schemaversion) AS kit

-- The keys of client_limits are now hashed with a secret kept in server_settings
-- (store/client_limits.cpp): the rows hashed without one could give their addresses back to
-- anyone who tries every IPv4 address, and no new hash would find them. They go; the counts
-- start again.
DELETE FROM client_limits;

-- Which warehouse file this site was built from and when: the file DuckDB opened (duckdb_databases), the time this
-- query ran (npm run sources, in UTC) and the last day the answers cover (as fct_detractor_follow_up publishes it).
set TimeZone = 'UTC';
select
    (select path from duckdb_databases() where database_name = current_database()) as warehouse_path,
    strftime(current_timestamp, '%Y-%m-%d %H:%M:%S UTC') as read_at,
    (select cast(max(as_of_date) as varchar) from marts.fct_detractor_follow_up) as data_through

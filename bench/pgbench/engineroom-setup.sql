-- Run on a copy of the harness's seeded EngineRoom database before buy-now-as-sent.sql and buy-now-fewest-round-trips.sql:
-- the SKUs the harness stocked, numbered for pgbench, and the harness's code (unlimited, 10% off).
CREATE TABLE bench_skus (n int PRIMARY KEY, sku text NOT NULL);
INSERT INTO bench_skus SELECT row_number() OVER (ORDER BY "Sku"), "Sku" FROM inventory_stock_levels WHERE "OnHand" >= 1000000;
INSERT INTO pricing_discounts ("Id", "Code", "Name", "Kind", "PercentBps", "AmountOff", "MinSubtotal", "BuyQuantity", "GetQuantity",
    "Skus", "TimesUsed", "Combinable", "Active", "CreatedAt")
VALUES ('00000000-0000-0000-0000-0000000000b1', 'BENCH10', 'Bench 10% off', 'percentage', 1000, 0, 0, 0, 0, '{}', 0, false, true, now());
VACUUM ANALYZE;

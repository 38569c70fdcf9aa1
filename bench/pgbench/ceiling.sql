-- The ceiling: a checkout-shaped transaction with nothing in between. Reserve 2 SKUs (conditional updates, in key
-- order so two never deadlock), insert an order, 2 lines, a payment and 2 ledger rows. Schema: ceiling-schema.sql.
\set a random(1, 10000)
\set b random(1, 10000)
\set lo least(:a, :b)
\set hi greatest(:a, :b)
BEGIN;
UPDATE stock SET reserved = reserved + 1 WHERE sku = :lo AND on_hand - reserved >= 1;
UPDATE stock SET reserved = reserved + 1 WHERE sku = :hi AND on_hand - reserved >= 1;
INSERT INTO orders (email, total) VALUES ('pgbench@bench.example', 4200) RETURNING id \gset
INSERT INTO order_lines (order_id, sku, quantity, unit_price) VALUES (:id, :lo, 1, 2100), (:id, :hi, 1, 2100);
INSERT INTO payments (order_id, amount, state) VALUES (:id, 4200, 'captured');
INSERT INTO ledger (order_id, account, amount) VALUES (:id, 'receivable', 4200), (:id, 'revenue', -4200);
COMMIT;

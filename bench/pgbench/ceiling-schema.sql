-- The ceiling's own tables (see ceiling.sql), in a database of their own.
CREATE TABLE stock (sku int PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL);
INSERT INTO stock SELECT g, 1000000000, 0 FROM generate_series(1, 10000) g;
CREATE TABLE orders (id bigserial PRIMARY KEY, email text NOT NULL, total bigint NOT NULL, created_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE order_lines (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, sku int NOT NULL, quantity int NOT NULL, unit_price bigint NOT NULL);
CREATE TABLE payments (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, amount bigint NOT NULL, state text NOT NULL);
CREATE TABLE ledger (id bigserial PRIMARY KEY, order_id bigint NOT NULL REFERENCES orders, account text NOT NULL, amount bigint NOT NULL);
VACUUM ANALYZE;

-- EngineRoom's own SQL with nothing in between: the statements a Buy Now of 2 lines with a code sends on PostgreSQL,
-- as the statement-budget test records them, in the same transactions with the same commits (5: the key, the hold,
-- the sandbox provider's authorization and capture, the record). One command per statement, in EngineRoom's order;
-- where EngineRoom sends several INSERTs in one batch (one round trip), this sends one statement with data-modifying
-- CTEs. The first statement also returns the ids the server makes in memory (pgbench has no uuid or string variables).
-- No server can run this SQL faster than pgbench does.
\set a random(1, 10000)
\set b 1 + (:a + random(0, 9998)) % 10000
\set lo least(:a, :b)
\set hi greatest(:a, :b)
\set r random(1, 1000000000000)
-- The Idempotency-Key is claimed, in its own commit.
INSERT INTO common_idempotency_keys ("Key", "Scope", "Body", "Completed", "ContentType", "CreatedAt", "ExpiresAt", "Location", "RequestHash", "StatusCode")
VALUES ('key-' || :r::text, 'guest:' || 'BUYER@BENCH.EXAMPLE', NULL, false, NULL, now(), now() + interval '24 hours', NULL, sha256(:r::text::bytea), NULL)
RETURNING (SELECT sku FROM bench_skus WHERE n = :lo) AS slo, (SELECT sku FROM bench_skus WHERE n = :hi) AS shi,
    gen_random_uuid() AS attempt, gen_random_uuid() AS ord, gen_random_uuid() AS e1, gen_random_uuid() AS e2 \gset
-- The sold-out read, then pricing: the variants with their prices, and the discounts.
SELECT i."Sku", COALESCE(sum(i."OnHand" - i."Reserved"), 0)::bigint FROM inventory_stock_levels i
WHERE i."Sku" = ANY (ARRAY[:slo::text, :shi::text]) AND NOT EXISTS (SELECT 1 FROM inventory_items i0 WHERE i0."Sku" = i."Sku" AND i0."AllowBackorder")
GROUP BY i."Sku";
SELECT c."Sku", c0."Id", c0."Name", c."Name", (SELECT c1."Amount" FROM catalog_variant_prices c1 WHERE c."Id" = c1."VariantId" AND c1."Currency" = 'USD' LIMIT 1)
FROM catalog_variants c JOIN catalog_products c0 ON c."ProductId" = c0."Id" WHERE c0."Published" AND c."Sku" = ANY (ARRAY[:slo::text, :shi::text]);
SELECT p.* FROM pricing_discounts p WHERE p."Active" AND (p."Code" IS NULL OR p."Code" = ANY (ARRAY['BENCH10']));
-- The hold: the two conditional reservations, the code's limit read, then the attempt, the reservations and the
-- redemption in one batch.
BEGIN;
UPDATE inventory_stock_levels i SET "Reserved" = i."Reserved" + 1 WHERE i."Sku" = :slo::text AND i."LocationId" = 1
    AND (i."OnHand" - i."Reserved" >= 1 OR EXISTS (SELECT 1 FROM inventory_items i0 WHERE i0."Sku" = i."Sku" AND i0."AllowBackorder"));
UPDATE inventory_stock_levels i SET "Reserved" = i."Reserved" + 1 WHERE i."Sku" = :shi::text AND i."LocationId" = 1
    AND (i."OnHand" - i."Reserved" >= 1 OR EXISTS (SELECT 1 FROM inventory_items i0 WHERE i0."Sku" = i."Sku" AND i0."AllowBackorder"));
SELECT EXISTS (SELECT 1 FROM pricing_discounts p WHERE p."Id" = '00000000-0000-0000-0000-0000000000b1' AND p."UsageLimit" IS NULL);
WITH a AS (INSERT INTO checkout_attempts ("Id", "CreatedAt", "FailureCode", "IdempotencyKey", "IdempotencyScope", "OrderId", "Status", "UpdatedAt")
           VALUES (:attempt::uuid, now(), NULL, 'key-' || :r::text, 'guest:' || 'BUYER@BENCH.EXAMPLE', NULL, 0, now())),
     r AS (INSERT INTO inventory_reservations ("Id", "AttemptId", "CreatedAt", "ExpiresAt", "LocationId", "Quantity", "Sku", "Status")
           VALUES (gen_random_uuid(), :attempt::uuid, now(), now() + interval '15 minutes', 1, 1, :slo::text, 0),
                  (gen_random_uuid(), :attempt::uuid, now(), now() + interval '15 minutes', 1, 1, :shi::text, 0))
INSERT INTO pricing_discount_redemptions ("Id", "AttemptId", "CreatedAt", "CustomerKey", "DiscountId", "OrderId", "Status")
VALUES (gen_random_uuid(), :attempt::uuid, now(), 'email:' || 'BUYER@BENCH.EXAMPLE', '00000000-0000-0000-0000-0000000000b1', NULL, 0);
COMMIT;
-- The sandbox payment provider: the authorization in its own commit, then the capture.
INSERT INTO payments_sandbox_charges ("Id", "Authorized", "Captured", "CreatedAt", "Currency", "IdempotencyKey", "Refunded", "State", "Token")
VALUES ('ch_' || :r::text, 3780, 0, now(), 'USD', :attempt::text, 0, 'authorized', 'tok_visa');
BEGIN;
SELECT * FROM payments_sandbox_charges WHERE "Id" = 'ch_' || :r::text FOR UPDATE;
SELECT EXISTS (SELECT 1 FROM payments_sandbox_operations p WHERE p."IdempotencyKey" = :attempt::text || '-capture');
WITH u AS (UPDATE payments_sandbox_charges SET "Captured" = 3780, "State" = 'captured' WHERE "Id" = 'ch_' || :r::text)
INSERT INTO payments_sandbox_operations ("IdempotencyKey", "Amount", "ChargeId", "CreatedAt", "Kind")
VALUES (:attempt::text || '-capture', 3780, 'ch_' || :r::text, now(), 'capture');
COMMIT;
-- The record: the attempt completed, the reservations consumed, the redemption used, then the order, its lines,
-- the payment, the ledger, the stock movements and the outbox in one batch, and the stored answer.
BEGIN;
UPDATE checkout_attempts c SET "Status" = 1, "OrderId" = :ord::uuid, "UpdatedAt" = now() WHERE c."Id" = :attempt::uuid AND c."Status" = 0;
SELECT i.*, EXISTS (SELECT 1 FROM inventory_items i0 WHERE i0."Sku" = i."Sku" AND i0."LowStockThreshold" IS NOT NULL)
FROM inventory_reservations i WHERE i."AttemptId" = :attempt::uuid AND i."Status" = 0;
UPDATE inventory_reservations i SET "Status" = 1 WHERE i."AttemptId" = :attempt::uuid AND i."Status" = 0;
UPDATE inventory_stock_levels i SET "OnHand" = i."OnHand" - 1, "Reserved" = i."Reserved" - 1 WHERE i."Sku" = :slo::text AND i."LocationId" = 1;
UPDATE inventory_stock_levels i SET "OnHand" = i."OnHand" - 1, "Reserved" = i."Reserved" - 1 WHERE i."Sku" = :shi::text AND i."LocationId" = 1;
UPDATE pricing_discount_redemptions p SET "Status" = 1, "OrderId" = :ord::uuid WHERE p."AttemptId" = :attempt::uuid AND p."Status" = 0;
WITH x AS (INSERT INTO common_outbox_messages ("Id", "Attempts", "ClaimToken", "ClaimedUntil", "DispatchedAt", "OccurredAt", "Payload", "Type")
           VALUES (gen_random_uuid(), 0, NULL, NULL, NULL, now(), '{"orderId":"' || :ord::text || '","total": 3780,"currency":"USD","customerId": null}', 'order.placed'),
                  (gen_random_uuid(), 0, NULL, NULL, NULL, now(), '{"orderId":"' || :ord::text || '","total": 3780,"currency":"USD"}', 'order.paid')),
     m AS (INSERT INTO inventory_stock_movements ("ActorId", "At", "Delta", "LocationId", "Note", "OrderId", "Reason", "Sku")
           VALUES (NULL, now(), -1, 1, NULL, :ord::uuid, 'sale', :slo::text), (NULL, now(), -1, 1, NULL, :ord::uuid, 'sale', :shi::text)),
     j AS (INSERT INTO ledger_journal_entries ("Id", "At", "Currency", "Kind", "Memo", "OrderId")
           VALUES (:e1::uuid, now(), 'USD', 'order_placed', NULL, :ord::uuid), (:e2::uuid, now(), 'USD', 'payment_captured', NULL, :ord::uuid)),
     o AS (INSERT INTO orders_orders ("Id", "CancelledAt", "CartId", "Currency", "CustomerId", "DiscountCodes", "DiscountTotal", "Email", "FulfillmentStatus",
               "GuestTokenHash", "LeaseId", "LeaseUntil", "PaymentStatus", "PlacedAt", "ShippingMethod", "ShippingTotal", "Status", "Subtotal", "TaxTotal", "Total", "UpdatedAt")
           VALUES (:ord::uuid, NULL, NULL, 'USD', NULL, '{BENCH10}', 420, 'buyer@bench.example', 'unfulfilled', sha256(:ord::bytea), NULL, NULL,
               'captured', now(), NULL, 0, 'paid', 4200, 0, 3780, now())),
     p AS (INSERT INTO payments_payments ("Id", "Authorized", "Captured", "CreatedAt", "Currency", "OrderId", "Provider", "ProviderPaymentId", "Refunded", "State")
           VALUES (gen_random_uuid(), 3780, 3780, now(), 'USD', :ord::uuid, 'sandbox', 'ch_' || :r::text, 0, 'captured')),
     l AS (INSERT INTO ledger_postings ("Account", "Amount", "Currency", "EntryId")
           VALUES ('accounts_receivable', 3780, 'USD', :e1::uuid), ('discounts_given', 420, 'USD', :e1::uuid), ('sales_revenue', -4200, 'USD', :e1::uuid),
                  ('payments_clearing', 3780, 'USD', :e2::uuid), ('accounts_receivable', -3780, 'USD', :e2::uuid))
INSERT INTO orders_order_lines ("Discount", "FulfilledQuantity", "Name", "OrderId", "ProductId", "Quantity", "RefundedAmount", "RefundedQuantity",
    "RestockedQuantity", "Sku", "Subtotal", "Tax", "Total", "UnitPrice", "VariantName")
VALUES (210, 0, 'Bench product', :ord::uuid, 1, 1, 0, 0, 0, :slo::text, 2100, 0, 1890, 2100, 'Default'),
       (210, 0, 'Bench product', :ord::uuid, 1, 1, 0, 0, 0, :shi::text, 2100, 0, 1890, 2100, 'Default');
UPDATE common_idempotency_keys c SET "Completed" = true, "StatusCode" = 201, "ContentType" = 'application/json',
    "Location" = '/store/orders/' || :ord::text, "Body" = convert_to(repeat('x', 1400), 'UTF8')
WHERE c."Scope" = 'guest:' || 'BUYER@BENCH.EXAMPLE' AND c."Key" = 'key-' || :r::text AND NOT c."Completed";
COMMIT;

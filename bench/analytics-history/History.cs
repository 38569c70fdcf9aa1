using EngineRoom.Data;
using EngineRoom.Ledger;
using EngineRoom.Orders;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

/// <summary>
/// A deterministic order history: 200 SKUs, 200,000 customers (a third of the orders from guests), USD and one in ten
/// in EUR, one to three lines, busier evenings, 2% refunded in part a day later (a ledger refund entry each).
/// </summary>
internal static class History
{
    private const int Skus = 200, Customers = 200_000;

    private sealed record Row(Guid Id, Guid? CustomerId, string Email, string Currency, long Subtotal, long Discount, long Shipping, long Tax, long Total,
        DateTimeOffset PlacedAt, (string Sku, long ProductId, int Quantity, long Price)[] Lines, long Refund);

    private static IEnumerable<Row> Rows(int count, DateTimeOffset start, int days)
    {
        var random = new Random(42);
        var seconds = days * 86_400.0;
        for (var i = 0; i < count; i++)
        {
            // Evenly over the period, with a daily swell: more orders in the evening (UTC) than at night.
            var at = start.AddSeconds(Math.Min(seconds - 1, (i + random.NextDouble()) * seconds / count + 3_600 * Math.Sin(i * 0.37)));
            var lines = Enumerable.Range(0, 1 + random.Next(3)).Select(_ => random.Next(Skus)).Distinct()
                .Select(s => ($"HIST-{s:D4}", (long)(s + 1), 1 + random.Next(2), 500L + s * 37 % 9_000)).ToArray();
            var subtotal = lines.Sum(l => l.Item3 * l.Item4);
            var discount = random.Next(10) == 0 ? subtotal / 10 : 0;
            var shipping = subtotal > 5_000 ? 0 : 499;
            var tax = (subtotal - discount) * 8 / 100;
            var total = subtotal - discount + shipping + tax;
            var customer = random.Next(Customers);
            var guest = customer % 3 == 0;
            yield return new Row(V7(at, random), guest ? null : new Guid(customer, 0, 0, new byte[8]), $"c{customer}@history.example",
                random.Next(10) == 0 ? "EUR" : "USD", subtotal, discount, shipping, tax, total, at, lines, random.Next(50) == 0 ? total / 2 : 0);
        }
    }

    /// <summary>A UUIDv7 of the time whose random part comes from the seeded generator, so a second pass makes the same ids.</summary>
    private static Guid V7(DateTimeOffset at, Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++) bytes[i] = (byte)(ms >> (8 * (5 - i)));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }

    private static string Status(Row r) => r.Refund > 0 ? "PartiallyRefunded" : "Paid";

    public static async Task CopyAsync(NpgsqlConnection connection, int count, DateTimeOffset start, int days)
    {
        await connection.OpenAsync();
        // Orders first, then (the same deterministic rows again) their lines: the lines' foreign key needs the orders committed.
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY orders_orders ("Id", "CustomerId", "Email", "Status", "PaymentStatus", "FulfillmentStatus", "Currency", "Subtotal", "DiscountTotal",
                "ShippingTotal", "TaxTotal", "Total", "DiscountCodes", "PlacedAt", "UpdatedAt") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in Rows(count, start, days))
            {
                var status = Status(r);
                await copy.WriteRowAsync(r.Id, r.CustomerId, r.Email, status, status == "Paid" ? "Captured" : status, "Unfulfilled", r.Currency,
                    r.Subtotal, r.Discount, r.Shipping, r.Tax, r.Total, Array.Empty<string>(), r.PlacedAt, r.PlacedAt);
            }
            await copy.CompleteAsync();
        }
        await using (var copy = await connection.BeginBinaryImportAsync("""
            COPY orders_order_lines ("OrderId", "Sku", "ProductId", "Name", "Quantity", "UnitPrice", "Subtotal", "Discount", "Tax", "Total",
                "FulfilledQuantity", "RefundedQuantity", "RefundedAmount", "RestockedQuantity") FROM STDIN (FORMAT BINARY)
            """))
        {
            foreach (var r in Rows(count, start, days))
                foreach (var l in r.Lines)
                    await copy.WriteRowAsync(r.Id, l.Sku, l.ProductId, $"History product {l.Sku}", l.Quantity, l.Price,
                        l.Quantity * l.Price, 0L, 0L, l.Quantity * l.Price, 0, 0, 0L, 0);
            await copy.CompleteAsync();
        }
        await using var db = new PostgresEngineRoomDb(new DbContextOptionsBuilder<PostgresEngineRoomDb>().UseNpgsql(connection.ConnectionString).Options);
        await WriteRefundsAsync(db, Rows(count, start, days).Where(r => r.Refund > 0).ToList());
    }

    public static async Task InsertAsync(EngineRoomDb db, int count, DateTimeOffset start, int days)
    {
        var refunds = new List<Row>();
        // A bulk load into a throwaway file: no rollback journal, no fsync, a large page cache (the target is the query, not the load).
        await db.Database.OpenConnectionAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -1000000;");
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            await using var order = await BulkInsert.PrepareAsync<Order>(db, ["Id", "CustomerId", "Email", "Status", "PaymentStatus", "FulfillmentStatus",
                "Currency", "Subtotal", "DiscountTotal", "ShippingTotal", "TaxTotal", "Total", "DiscountCodes", "PlacedAt", "UpdatedAt"]);
            await using var line = await BulkInsert.PrepareAsync<OrderLine>(db, ["OrderId", "Sku", "ProductId", "Name", "Quantity", "UnitPrice", "Subtotal",
                "Discount", "Tax", "Total", "FulfilledQuantity", "RefundedQuantity", "RefundedAmount", "RestockedQuantity"]);
            foreach (var r in Rows(count, start, days))
            {
                var status = Status(r);
                await order.InsertAsync(default, r.Id, r.CustomerId, r.Email, Enum.Parse<OrderStatus>(status),
                    status == "Paid" ? PaymentStatus.Captured : PaymentStatus.PartiallyRefunded, FulfillmentStatus.Unfulfilled, r.Currency,
                    r.Subtotal, r.Discount, r.Shipping, r.Tax, r.Total, new List<string>(), r.PlacedAt, r.PlacedAt);
                foreach (var l in r.Lines)
                    await line.InsertAsync(default, r.Id, l.Sku, l.ProductId, $"History product {l.Sku}", l.Quantity, l.Price, l.Quantity * l.Price,
                        0L, 0L, l.Quantity * l.Price, 0, 0, 0L, 0);
                if (r.Refund > 0) refunds.Add(r);
            }
            await tx.CommitAsync();
        }
        await WriteRefundsAsync(db, refunds);
    }

    /// <summary>The refunds as the ledger records them (what the rebuild reads), a day after each order.</summary>
    private static async Task WriteRefundsAsync(EngineRoomDb db, List<Row> refunds)
    {
        await using var tx = await db.Database.BeginTransactionAsync();
        foreach (var chunk in refunds.Chunk(1_000))
        {
            Journal.Append(db, chunk.Select(r => AfterSaleEntries.Refund(r.Id, r.Currency, r.Refund, r.Refund * 8 / 108, r.PlacedAt.AddDays(1), "history")));
            await db.SaveChangesAsync();
            db.ChangeTracker.Clear();
        }
        await tx.CommitAsync();
    }

    private static async Task WriteRowAsync(this NpgsqlBinaryImporter importer, params object?[] values)
    {
        await importer.StartRowAsync();
        foreach (var value in values)
            switch (value)
            {
                case null: await importer.WriteNullAsync(); break;
                case DateTimeOffset at: await importer.WriteAsync(at.UtcDateTime, NpgsqlDbType.TimestampTz); break;
                case string[] list: await importer.WriteAsync(list, NpgsqlDbType.Array | NpgsqlDbType.Text); break;
                case Guid id: await importer.WriteAsync(id, NpgsqlDbType.Uuid); break;
                case string text: await importer.WriteAsync(text, NpgsqlDbType.Text); break;
                case long number: await importer.WriteAsync(number, NpgsqlDbType.Bigint); break;
                case int number: await importer.WriteAsync(number, NpgsqlDbType.Integer); break;
                default: throw new ArgumentException($"No COPY mapping for {value.GetType()}.");
            }
    }
}

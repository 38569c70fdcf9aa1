using EngineRoom.Data;

namespace EngineRoom.Analytics;

/// <summary>
/// Adds a tally to the rollup tables: multi-row upserts that add to what is there (the same ON CONFLICT syntax on
/// SQLite and PostgreSQL), a tally's keys being unique so no statement touches a row twice. Statements go into the
/// caller's batch, in its transaction.
/// </summary>
internal static class RollupWriter
{
    private const int RowsPerStatement = 100;

    public static void Add(SqlBatch batch, Tally tally)
    {
        foreach (var (sql, values) in Statements(tally)) batch.Add(sql, values);
    }

    public static IEnumerable<(string Sql, object?[] Values)> Statements(Tally tally)
    {
        foreach (var chunk in tally.SalesRows.Chunk(RowsPerStatement))
            yield return ($"""
                INSERT INTO analytics_sales ("Currency", "Grain", "Start", "GrossSales", "Refunds", "Orders", "Units", "Discounts", "Shipping", "Tax")
                VALUES {SqlBatch.Rows(chunk.Length, 10)}
                ON CONFLICT ("Currency", "Grain", "Start") DO UPDATE SET
                    "GrossSales" = analytics_sales."GrossSales" + excluded."GrossSales", "Refunds" = analytics_sales."Refunds" + excluded."Refunds",
                    "Orders" = analytics_sales."Orders" + excluded."Orders", "Units" = analytics_sales."Units" + excluded."Units",
                    "Discounts" = analytics_sales."Discounts" + excluded."Discounts", "Shipping" = analytics_sales."Shipping" + excluded."Shipping",
                    "Tax" = analytics_sales."Tax" + excluded."Tax"
                """, chunk.SelectMany(r => new object?[]
                {
                    r.Key.Currency, (int)r.Key.Grain, r.Key.Start, r.Value.Gross, r.Value.Refunds, r.Value.Orders, r.Value.Units, r.Value.Discounts,
                    r.Value.Shipping, r.Value.Tax,
                }).ToArray());
        foreach (var statement in Products("analytics_products", tally.ProductRows)) yield return statement;
        foreach (var statement in Products("analytics_products_daily", tally.DailyProductRows)) yield return statement;
        foreach (var chunk in tally.FunnelRows.Chunk(RowsPerStatement))
            yield return ($"""
                INSERT INTO analytics_funnel ("Start", "Metric", "Count") VALUES {SqlBatch.Rows(chunk.Length, 3)}
                ON CONFLICT ("Start", "Metric") DO UPDATE SET "Count" = analytics_funnel."Count" + excluded."Count"
                """, chunk.SelectMany(r => new object?[] { r.Key.Start, r.Key.Metric, r.Value }).ToArray());
    }

    private static IEnumerable<(string Sql, object?[] Values)> Products(string table, Dictionary<Tally.ProductKey, Tally.Product> rows) =>
        rows.Chunk(RowsPerStatement).Select(chunk => ($"""
            INSERT INTO {table} ("Currency", "Start", "Sku", "ProductId", "Name", "Revenue", "Units")
            VALUES {SqlBatch.Rows(chunk.Length, 7)}
            ON CONFLICT ("Currency", "Start", "Sku") DO UPDATE SET "ProductId" = excluded."ProductId", "Name" = excluded."Name",
                "Revenue" = {table}."Revenue" + excluded."Revenue", "Units" = {table}."Units" + excluded."Units"
            """, chunk.SelectMany(r => new object?[]
            {
                r.Key.Currency, r.Key.Start, r.Key.Sku, r.Value.ProductId, r.Value.Name, r.Value.Revenue, r.Value.Units,
            }).ToArray()));

    /// <summary>The figures moved: every instance's live stream polls this row.</summary>
    public const string BumpSql = """UPDATE analytics_version SET "Version" = "Version" + 1 WHERE "Id" = 1""";

    public static void Bump(SqlBatch batch) => batch.Add(BumpSql);
}

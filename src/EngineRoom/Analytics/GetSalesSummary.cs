using System.Data.Common;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;

namespace EngineRoom.Analytics;

/// <summary>Sales by minute, hour or day over a range, one currency: a point for every bucket (zero where nothing sold) and the totals.</summary>
internal static class GetSalesSummary
{
    public sealed record Response(string Currency, string Interval, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SalesPoint> Points, SalesTotals Totals);

    public static RouteHandlerBuilder MapGetSalesSummary(this RouteGroupBuilder analytics) =>
        analytics.MapGet("/summary", Handle).WithName(nameof(GetSalesSummary))
            .WithSummary("Sales figures per currency over a range, by minute, hour or day, with totals");

    private static async Task<Results<Ok<Response>, ProblemHttpResult>> Handle(string? from, string? to, string? interval, string? currency,
        EngineRoomDb db, TimeProvider clock, IOptions<StoreOptions> store, CancellationToken ct)
    {
        if (AnalyticsInput.Range(from, to, interval, clock.GetUtcNow(), out var range) is { } badRange) return badRange;
        if (AnalyticsInput.Currency(currency, store.Value.Currency, out var code) is { } badCurrency) return badCurrency;
        return TypedResults.Ok(await ReadAsync(db, code, range, ct));
    }

    private const string Sql = """
        SELECT "Start", "GrossSales", "Refunds", "Orders", "Units", "Discounts", "Shipping", "Tax" FROM analytics_sales
        WHERE "Currency" = @currency AND "Grain" = @grain AND "Start" >= @from AND "Start" < @to
        """;

    /// <summary>
    /// The range's rows by the primary key (currency, grain, start), one index range scan, read by one plain command
    /// straight into a point per bucket: no query pipeline, no entities, no lookup (bench/README.md has the figures).
    /// </summary>
    public static async Task<Response> ReadAsync(EngineRoomDb db, string currency, Range range, CancellationToken ct)
    {
        var step = AnalyticsInput.Step(range.Grain);
        var points = new SalesPoint?[(int)((range.To - range.From) / step)];
        var postgres = db.Provider == DatabaseProvider.Postgres;
        await db.Database.OpenConnectionAsync(ct);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
            command.CommandText = Sql;
            Add(command, "currency", currency);
            Add(command, "grain", (int)range.Grain);
            Add(command, "from", postgres ? range.From : range.From.UtcTicks); // SQLite keeps instants as UTC ticks
            Add(command, "to", postgres ? range.To : range.To.UtcTicks);
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var start = postgres ? reader.GetFieldValue<DateTimeOffset>(0) : new DateTimeOffset(reader.GetInt64(0), TimeSpan.Zero);
                points[(int)((start - range.From) / step)] = SalesPoint.Of(start, reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3),
                    reader.GetInt64(4), reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7));
            }
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
        var filled = new SalesPoint[points.Length];
        for (var i = 0; i < points.Length; i++) filled[i] = points[i] ?? SalesPoint.Of(range.From + i * step, 0, 0, 0, 0, 0, 0, 0);
        return new Response(currency, range.Grain.ToString().ToLowerInvariant(), range.From, range.To, filled, SalesTotals.Of(filled));
    }

    private static void Add(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}

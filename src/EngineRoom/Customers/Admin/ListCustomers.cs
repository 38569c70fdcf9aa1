using System.ComponentModel.DataAnnotations;
using EngineRoom.Common;
using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers.Admin;

/// <summary>Customers, newest first, optionally those whose email or name contains <c>q</c> (case-insensitive).</summary>
internal static class ListCustomers
{
    public static RouteHandlerBuilder MapListCustomers(this RouteGroupBuilder customers) =>
        customers.MapGet("/", Handle).WithName(nameof(ListCustomers)).WithSummary("Lists customers, searched by email or name, paged");

    // Account ids are UUIDv7 (time-ordered), so the id alone is the keyset.
    private static async Task<Results<Ok<Page<CustomerDto>>, ProblemHttpResult>> Handle(EngineRoomDb db,
        [MaxLength(254)] string? q, [Range(1, 100)] int? limit, string? cursor, CancellationToken ct)
    {
        if (!Cursor.TryDecode<Guid?>(cursor, out var after)) return Cursor.Invalid();
        var take = limit ?? 50;
        var query = db.Accounts.AsNoTracking().Where(a => a.Role == Roles.Customer);
        if (!string.IsNullOrWhiteSpace(q))
        {
            var term = Emails.Normalize(q); // the same folding as the stored key; names are compared upper-cased too
            query = query.Where(a => a.NormalizedEmail.Contains(term) || a.Name.ToUpper().Contains(term));
        }
        if (after is { } last) query = query.Where(a => a.Id.CompareTo(last) < 0);
        var rows = await query.OrderByDescending(a => a.Id).Take(take + 1).ToListAsync(ct);
        return TypedResults.Ok(Page.From(rows, take, CustomerDto.From, a => Cursor.Encode<Guid?>(a.Id)));
    }
}

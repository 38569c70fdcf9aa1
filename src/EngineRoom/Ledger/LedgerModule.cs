using EngineRoom.Customers;
using EngineRoom.Customers.ApiKeys;

namespace EngineRoom.Ledger;

/// <summary>The ledger, read-only for staff: trial balance, journal, an order's money, and the daily payment reconciliation.</summary>
public static class LedgerModule
{
    public static IEndpointRouteBuilder MapLedger(this IEndpointRouteBuilder app)
    {
        var ledger = app.MapGroup("/admin/ledger").WithTags("Ledger").RequireAuthorization(Policies.Staff).AllowApiKeys(ApiArea.Orders); // the orders' money
        ledger.MapGetLedgerBalances();
        ledger.MapListJournalEntries();
        ledger.MapGetOrderLedger();
        ledger.MapReconcilePayments();
        return app;
    }
}

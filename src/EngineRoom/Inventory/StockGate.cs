namespace EngineRoom.Inventory;

/// <summary>
/// Lets one checkout per SKU at a time (per instance) from its sold-out check to its reservation. In a flash sale
/// PostgreSQL queues the buyers of one SKU on its row lock, and each lock holder also waits for CPU behind hundreds of
/// others being priced before it commits, so the whole queue moves at the pace of the slowest (1,000 buyers of 100
/// units took 7 to 12 s). Waiting here costs no CPU, and whoever enters finds the row free: it is reserved, or once the
/// stock is gone refused by one lock-free read. Correctness never rests on the gate: the conditional UPDATE decides,
/// across instances too. Gates are striped by the SKU's hash (bounded memory; two SKUs may share one) and taken in
/// stripe order before any database lock, so two checkouts cannot wait on each other.
/// </summary>
internal static class StockGate
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static async Task<Entered> EnterAsync(IEnumerable<string> skus, CancellationToken ct)
    {
        var stripes = skus.Select(Stripe).Distinct().Order().ToArray();
        var taken = 0;
        try
        {
            for (; taken < stripes.Length; taken++) await Stripes[stripes[taken]].WaitAsync(ct);
        }
        catch
        {
            for (var i = 0; i < taken; i++) Stripes[stripes[i]].Release();
            throw;
        }
        return new Entered(stripes);
    }

    private static int Stripe(string sku) => (int)((uint)StringComparer.Ordinal.GetHashCode(sku) % (uint)Stripes.Length);

    public readonly struct Entered(int[] stripes) : IDisposable
    {
        public void Dispose()
        {
            foreach (var stripe in stripes ?? []) Stripes[stripe].Release(); // default: the gate was not taken
        }
    }
}

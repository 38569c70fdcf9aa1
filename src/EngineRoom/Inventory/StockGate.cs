namespace EngineRoom.Inventory;

/// <summary>
/// Lets one checkout per SKU at a time (per instance) hold its stock. In a flash sale PostgreSQL queues the buyers of one
/// SKU on its row lock, and each lock holder also waits for CPU behind hundreds of others being priced before it
/// commits, so the whole queue moves at the pace of the slowest (1,000 buyers of 100 units took 7 to 12 s). Waiting
/// here costs no CPU, and whoever enters finds the row free. The sold-out check comes before the gate, so once the stock
/// is gone every buyer is refused by its own lock-free read, in parallel; one that had to wait here (<see
/// cref="Entered.Waited"/>) reads again before it holds, since the stock may have gone while it waited. Correctness
/// never rests on the gate: the conditional UPDATE decides, across instances too. Gates are striped by the SKU's hash
/// (bounded memory; two SKUs may share one) and taken in stripe order before any database lock, so two checkouts cannot
/// wait on each other.
/// </summary>
internal static class StockGate
{
    private static readonly SemaphoreSlim[] Stripes = Enumerable.Range(0, 1024).Select(_ => new SemaphoreSlim(1, 1)).ToArray();

    public static async Task<Entered> EnterAsync(IEnumerable<string> skus, CancellationToken ct)
    {
        var stripes = skus.Select(Stripe).Distinct().Order().ToArray();
        var (taken, waited) = (0, false);
        try
        {
            for (; taken < stripes.Length; taken++)
            {
                var gate = Stripes[stripes[taken]];
                if (gate.Wait(0)) continue;
                waited = true;
                await gate.WaitAsync(ct);
            }
        }
        catch
        {
            for (var i = 0; i < taken; i++) Stripes[stripes[i]].Release();
            throw;
        }
        return new Entered(stripes, waited);
    }

    private static int Stripe(string sku) => (int)((uint)StringComparer.Ordinal.GetHashCode(sku) % (uint)Stripes.Length);

    /// <param name="waited">Another checkout held a gate when this one came: what it read before may be out of date.</param>
    public readonly struct Entered(int[] stripes, bool waited) : IDisposable
    {
        public bool Waited { get; } = waited;

        public void Dispose()
        {
            foreach (var stripe in stripes ?? []) Stripes[stripe].Release(); // default: the gate was not taken
        }
    }
}

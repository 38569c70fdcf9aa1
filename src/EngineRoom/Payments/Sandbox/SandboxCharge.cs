using System.Collections.Concurrent;

namespace EngineRoom.Payments.Sandbox;

/// <summary>The sandbox provider's own record of a charge: what a real provider keeps on its side.</summary>
public sealed class SandboxCharge
{
    public string Id { get; init; } = "";
    public string IdempotencyKey { get; init; } = "";
    public string Token { get; init; } = "";
    public string Currency { get; init; } = "";
    public long Authorized { get; init; }
    public long Captured { get; set; }
    public long Refunded { get; set; }
    public PaymentState State { get; set; }
    public DateTimeOffset CreatedAt { get; init; }

    public SandboxCharge Copy() => (SandboxCharge)MemberwiseClone();
}

/// <summary>
/// The sandbox's books, in memory: the sandbox stands for a remote provider, so none of its records is written in the
/// shop's database or inside its transactions (a checkout's only writes are its own two commits). One per process
/// (<see cref="Shared"/>), as one provider serves every instance of a shop; it forgets its charges when the process stops, so a reconciliation of sandbox payments made before a restart reports
/// them as missing at the provider. Tests read it to prove one charge per idempotency key.
/// </summary>
public sealed class SandboxStore
{
    public static SandboxStore Shared { get; } = new();

    private readonly ConcurrentDictionary<string, SandboxCharge> _byId = new();
    private readonly ConcurrentDictionary<string, SandboxCharge> _byKey = new();
    /// <summary>Captures, voids, refunds (and injected failures) done, by idempotency key: a retried call is not applied twice.</summary>
    private readonly ConcurrentDictionary<string, string> _operations = new();

    /// <summary>Stores a new charge, or answers the one made before under the same key (as a real provider does).</summary>
    public SandboxCharge AddOrGet(SandboxCharge charge)
    {
        var stored = _byKey.GetOrAdd(charge.IdempotencyKey, charge);
        if (ReferenceEquals(stored, charge)) _byId[charge.Id] = charge;
        return Read(stored);
    }

    public SandboxCharge? Find(string id) => _byId.TryGetValue(id, out var c) ? Read(c) : null;

    public SandboxCharge? FindByKey(string idempotencyKey) => _byKey.TryGetValue(idempotencyKey, out var c) ? Read(c) : null;

    public IReadOnlyList<SandboxCharge> All() => _byId.Values.Select(Read).ToList();

    /// <summary>Forgets a charge (tests: a payment the provider has no record of).</summary>
    public void Remove(string id)
    {
        if (_byId.TryRemove(id, out var c)) _byKey.TryRemove(c.IdempotencyKey, out _);
    }

    /// <summary>
    /// Applies an operation once per idempotency key, under the charge's lock; answers the charge after it, or the
    /// refusal and the charge unchanged. A key seen before answers the charge as it is.
    /// </summary>
    public (SandboxCharge? Charge, string? Refusal) Apply(string chargeId, string idempotencyKey, Func<SandboxCharge, string?> apply)
    {
        if (!_byId.TryGetValue(chargeId, out var charge)) return (null, "no_such_payment");
        lock (charge)
        {
            if (_operations.ContainsKey(idempotencyKey)) return (charge.Copy(), null);
            var refusal = apply(charge);
            if (refusal is null) _operations[idempotencyKey] = chargeId;
            return (charge.Copy(), refusal);
        }
    }

    /// <summary>True the first time a marker is set (the sandbox's "fails once" tokens).</summary>
    public bool FirstTime(string marker) => _operations.TryAdd(marker, "");

    private static SandboxCharge Read(SandboxCharge c)
    {
        lock (c) return c.Copy();
    }
}

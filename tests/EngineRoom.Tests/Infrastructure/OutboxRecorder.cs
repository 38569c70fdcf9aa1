using System.Collections.Concurrent;
using EngineRoom.Common.Outbox;

namespace EngineRoom.Tests.Infrastructure;

/// <summary>An outbox handler for tests: counts each delivery by message id, and fails the ids it is told to, once each.</summary>
public sealed class OutboxRecorder : IOutboxHandler
{
    public ConcurrentDictionary<Guid, int> Deliveries { get; } = new();
    public ConcurrentDictionary<Guid, bool> FailOnce { get; } = new();

    public Task HandleAsync(OutboxMessage message, CancellationToken ct)
    {
        Deliveries.AddOrUpdate(message.Id, 1, (_, n) => n + 1);
        if (FailOnce.TryRemove(message.Id, out _)) throw new InvalidOperationException("The handler failed (test).");
        return Task.CompletedTask;
    }
}

using EngineRoom.Payments;
using EngineRoom.Payments.Sandbox;
using EngineRoom.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace EngineRoom.Tests.Payments;

/// <summary>Payments:Sandbox:LatencyMilliseconds delays each sandbox call on the injected clock, before it records anything.</summary>
public abstract class SandboxLatencyTests(EngineRoomApp app)
{
    [Fact]
    public async Task An_authorization_waits_for_the_clock_and_records_nothing_before()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var config = new ConfigurationBuilder().AddInMemoryCollection([new("Payments:Sandbox:LatencyMilliseconds", "150")]).Build();
        var provider = new SandboxPaymentProvider(app.Sandbox, clock, config);
        var key = $"latency-{Guid.NewGuid():N}";
        Task<int> ChargesAsync() => Task.FromResult(app.Sandbox.All().Count(c => c.IdempotencyKey == key));

        var authorizing = provider.AuthorizeAsync(new AuthorizeRequest(1000, "USD", "tok_visa", key), default);
        clock.Advance(TimeSpan.FromMilliseconds(149));
        await Task.Delay(50); // real time: had it not waited for the clock, it would have finished or written by now
        Assert.False(authorizing.IsCompleted);
        Assert.Equal(0, await ChargesAsync());

        clock.Advance(TimeSpan.FromMilliseconds(1));
        var result = await authorizing.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PaymentState.Authorized, result.State);
        Assert.Equal(1, await ChargesAsync());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class SandboxLatencyTestsOnSqlite(SqliteApp app) : SandboxLatencyTests(app);

[Collection(PostgresCollection.Name)]
public sealed class SandboxLatencyTestsOnPostgres(PostgresApp app) : SandboxLatencyTests(app);

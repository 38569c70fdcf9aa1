using EngineRoom.Data;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Common.Idempotency;

public static class IdempotencySetup
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services) => services
        .AddSingleton(sp => new AnswerSeal(((Microsoft.IdentityModel.Tokens.SymmetricSecurityKey)sp
            .GetRequiredService<Microsoft.IdentityModel.Tokens.SigningCredentials>().Key).Key))
        .AddSingleton<AbandonedClaims>()
        .AddHostedService<IdempotencyCleanup>();
}

/// <summary>Deletes Idempotency-Keys past their 24 hours, hourly. Any instance may do it; deleting twice is harmless.</summary>
internal sealed class IdempotencyCleanup(IServiceScopeFactory scopes, TimeProvider clock, ILogger<IdempotencyCleanup> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicWork.RunAsync(clock, TimeSpan.FromHours(1), DeleteExpiredAsync, logger, "Idempotency key cleanup", stoppingToken);

    private async Task DeleteExpiredAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var now = clock.GetUtcNow();
        await db.IdempotencyRecords.Where(r => r.ExpiresAt <= now).ExecuteDeleteAsync(ct);
    }
}

using System.Security.Cryptography;
using EngineRoom.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace EngineRoom.Customers;

/// <summary>
/// Makes sure there is a first admin. <c>Bootstrap:AdminEmail</c> and <c>Bootstrap:AdminPassword</c> create it in
/// scripted and production installs; the embedded default with neither makes a demo admin and prints its password
/// once, to the console only (never to a log).
/// </summary>
internal static class BootstrapAdmin
{
    public const string DemoEmail = "admin@engineroom.local";

    public static async Task EnsureAsync(IServiceProvider services, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var config = scope.ServiceProvider.GetRequiredService<IConfiguration>();
        var db = scope.ServiceProvider.GetRequiredService<EngineRoomDb>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>();
        var clock = scope.ServiceProvider.GetRequiredService<TimeProvider>();

        var email = config["Bootstrap:AdminEmail"];
        var password = config["Bootstrap:AdminPassword"];
        if (!string.IsNullOrWhiteSpace(email) && !string.IsNullOrEmpty(password))
        {
            if (!Emails.IsAcceptable(email))
                throw new InvalidOperationException("Bootstrap:AdminEmail must be a plain email address (printable ASCII).");
            if (password.Length < Passwords.MinLength)
                throw new InvalidOperationException($"Bootstrap:AdminPassword must be at least {Passwords.MinLength} characters.");
            var normalized = Account.Normalize(email);
            if (await db.Accounts.AnyAsync(a => a.NormalizedEmail == normalized, ct)) return;
            await CreateAsync(db, hasher, email, password, clock.GetUtcNow(), ct);
            return;
        }

        if (db.Provider != DatabaseProvider.Sqlite || await db.Accounts.AnyAsync(a => a.Role == Roles.Admin, ct)) return;
        var generated = RandomNumberGenerator.GetString("ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789", 20);
        await CreateAsync(db, hasher, DemoEmail, generated, clock.GetUtcNow(), ct);
        Console.WriteLine($"""

            Demo admin created (shown once, keep it): {DemoEmail} / {generated}

            """);
    }

    private static async Task CreateAsync(EngineRoomDb db, IPasswordHasher<Account> hasher, string email, string password, DateTimeOffset now, CancellationToken ct)
    {
        var admin = Account.Create(email, "Administrator", Roles.Admin, now);
        admin.SetPasswordHash(hasher.HashPassword(admin, password));
        db.Accounts.Add(admin);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Another instance starting at the same moment may have created it first; anything else is a real failure.
            db.ChangeTracker.Clear();
            if (!await db.Accounts.AsNoTracking().AnyAsync(a => a.NormalizedEmail == admin.NormalizedEmail, ct)) throw;
        }
    }
}

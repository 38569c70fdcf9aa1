using EngineRoom.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace EngineRoom.Ledger;

/// <summary>
/// A balanced journal entry: postings in one currency whose signed amounts (debit positive, credit negative) sum to
/// zero. It cannot be built unbalanced, and it is never changed after it is written (corrections are new entries).
/// </summary>
public sealed class JournalEntry
{
    public Guid Id { get; private set; }
    public string Kind { get; private set; } = "";
    public Guid? OrderId { get; private set; }
    public string Currency { get; private set; } = "";
    public string? Memo { get; private set; }
    public DateTimeOffset At { get; private set; }
    public List<Posting> Postings { get; private set; } = [];

    private JournalEntry() { }

    public static JournalEntry Create(string kind, Guid? orderId, string currency, DateTimeOffset at, string? memo,
        params (string Account, long Amount)[] postings)
    {
        var lines = postings.Where(p => p.Amount != 0).ToList();
        if (lines.Sum(p => p.Amount) != 0)
            throw new InvalidOperationException($"A {kind} journal entry must balance; its postings sum to {lines.Sum(p => p.Amount)}.");
        var id = Guid.CreateVersion7(at);
        return new JournalEntry
        {
            Id = id, Kind = kind, OrderId = orderId, Currency = currency, At = at, Memo = memo,
            Postings = lines.Select(p => new Posting { EntryId = id, Account = p.Account, Amount = p.Amount, Currency = currency }).ToList(),
        };
    }
}

public sealed class Posting
{
    public long Id { get; init; }
    public Guid EntryId { get; init; }
    public string Account { get; init; } = "";
    /// <summary>Minor units; a debit is positive, a credit negative.</summary>
    public long Amount { get; init; }
    public string Currency { get; init; } = "";
}

/// <summary>The chart of accounts. Debit-normal accounts (assets, expenses, contra-revenue) grow with positive amounts.</summary>
public static class Accounts
{
    /// <summary>Money the payment provider holds for us (captured, not yet paid out), less refunds.</summary>
    public const string PaymentsClearing = "payments_clearing";
    /// <summary>What customers owe for orders placed and not yet captured.</summary>
    public const string AccountsReceivable = "accounts_receivable";
    public const string SalesRevenue = "sales_revenue";
    public const string ShippingRevenue = "shipping_revenue";
    public const string TaxPayable = "tax_payable";
    /// <summary>Contra-revenue: discounts given on sales.</summary>
    public const string DiscountsGiven = "discounts_given";
    /// <summary>Contra-revenue: money returned to customers.</summary>
    public const string Refunds = "refunds";
    /// <summary>Contra-revenue: sales a card network took back in a dispute, while it is open and once it is lost.</summary>
    public const string Chargebacks = "chargebacks";
    /// <summary>
    /// Contra to payments_clearing: what the provider withdrew from our balance for disputes. Kept apart so that
    /// payments_clearing stays the payment's captured minus refunded, as the provider and our payments table report it.
    /// </summary>
    public const string DisputedFunds = "disputed_funds";

    /// <summary>Every account of the chart, with the side its balance normally sits on.</summary>
    public static readonly IReadOnlyDictionary<string, string> NormalBalances = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [PaymentsClearing] = "debit", [AccountsReceivable] = "debit", [DiscountsGiven] = "debit", [Refunds] = "debit",
        [SalesRevenue] = "credit", [ShippingRevenue] = "credit", [TaxPayable] = "credit",
        [Chargebacks] = "debit", [DisputedFunds] = "credit",
    };

    public static bool IsKnown(string? account) => account is not null && NormalBalances.ContainsKey(account);

    /// <summary><c>debit</c> or <c>credit</c>; null for an account not in the chart.</summary>
    public static string? NormalBalanceOf(string account) => NormalBalances.GetValueOrDefault(account);
}

internal sealed class LedgerConfiguration : IEntityTypeConfiguration<JournalEntry>, IEntityTypeConfiguration<Posting>
{
    public void Configure(EntityTypeBuilder<JournalEntry> entry)
    {
        entry.ToTable("ledger_journal_entries");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Kind).HasMaxLength(40);
        entry.Property(e => e.Currency).HasMaxLength(3);
        entry.Property(e => e.Memo).HasMaxLength(500);
        entry.HasIndex(e => e.OrderId);
        entry.HasIndex(e => e.At);
        entry.HasMany(e => e.Postings).WithOne().HasForeignKey(p => p.EntryId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Posting> posting)
    {
        posting.ToTable("ledger_postings");
        posting.HasKey(p => p.Id);
        posting.Property(p => p.Account).HasMaxLength(60);
        posting.Property(p => p.Currency).HasMaxLength(3);
        posting.HasIndex(p => new { p.Account, p.Currency });
    }
}

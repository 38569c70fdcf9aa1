namespace EngineRoom.Customers.Staff;

public sealed record StaffDto(Guid Id, string Email, string Name, string Role, DateTimeOffset CreatedAt, bool Disabled)
{
    public static StaffDto From(Account a) => new(a.Id, a.Email, a.Name, a.Role, a.CreatedAt, a.IsDisabled);
}

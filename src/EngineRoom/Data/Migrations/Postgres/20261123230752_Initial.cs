using System;
using System.Collections.Generic;
using EngineRoom.Catalog;
using EngineRoom.Common.Audit;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "carts_carts",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    ShippingMethod = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DiscountCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    shipping_address = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_carts_carts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "catalog_categories",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ParentId = table.Column<long>(type: "bigint", nullable: true),
                    Path = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_categories", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_categories_catalog_categories_ParentId",
                        column: x => x.ParentId,
                        principalTable: "catalog_categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "checkout_attempts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    IdempotencyScope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    IdempotencyKey = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    FailureCode = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_checkout_attempts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "common_audit_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    ActorEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: true),
                    Action = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    SubjectType = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    SubjectId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Before = table.Column<string>(type: "text", nullable: true),
                    After = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_common_audit_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "common_idempotency_keys",
                columns: table => new
                {
                    Scope = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    RequestHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    Completed = table.Column<bool>(type: "boolean", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    ContentType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Location = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Body = table.Column<byte[]>(type: "bytea", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_common_idempotency_keys", x => new { x.Scope, x.Key });
                });

            migrationBuilder.CreateTable(
                name: "common_outbox_messages",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Payload = table.Column<string>(type: "text", nullable: false),
                    OccurredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DispatchedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_common_outbox_messages", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customers_accounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    PasswordHash = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    DisabledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_accounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "customers_login_throttles",
                columns: table => new
                {
                    NormalizedEmail = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    LockedUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_login_throttles", x => x.NormalizedEmail);
                });

            migrationBuilder.CreateTable(
                name: "inventory_items",
                columns: table => new
                {
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    AllowBackorder = table.Column<bool>(type: "boolean", nullable: false),
                    LowStockThreshold = table.Column<int>(type: "integer", nullable: true),
                    LowStockAlerted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_items", x => x.Sku);
                });

            migrationBuilder.CreateTable(
                name: "inventory_locations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Code = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_locations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "inventory_reservations",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LocationId = table.Column<long>(type: "bigint", nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_reservations", x => x.Id);
                    table.CheckConstraint("ck_inventory_reservations_quantity", "\"Quantity\" > 0");
                });

            migrationBuilder.CreateTable(
                name: "inventory_stock_movements",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    LocationId = table.Column<long>(type: "bigint", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Delta = table.Column<long>(type: "bigint", nullable: false),
                    Reason = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Note = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_stock_movements", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ledger_journal_entries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Kind = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Memo = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_journal_entries", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders_fulfillments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    LocationCode = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Carrier = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    TrackingNumber = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ShippedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    lines = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_fulfillments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders_order_events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ActorId = table.Column<Guid>(type: "uuid", nullable: true),
                    Action = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    From = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    To = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Note = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Details = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_order_events", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders_orders",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerId = table.Column<Guid>(type: "uuid", nullable: true),
                    Email = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    GuestTokenHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: true),
                    Status = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    PaymentStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    FulfillmentStatus = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    CancelledAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LeaseId = table.Column<Guid>(type: "uuid", nullable: true),
                    LeaseUntil = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Subtotal = table.Column<long>(type: "bigint", nullable: false),
                    DiscountTotal = table.Column<long>(type: "bigint", nullable: false),
                    ShippingTotal = table.Column<long>(type: "bigint", nullable: false),
                    TaxTotal = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false),
                    ShippingMethod = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    DiscountCodes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CartId = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    PlacedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    shipping_address = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_orders", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "orders_returns",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    RequestedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReceivedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Restocked = table.Column<bool>(type: "boolean", nullable: false),
                    RefundedAmount = table.Column<long>(type: "bigint", nullable: false),
                    lines = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_returns", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payments_payments",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Provider = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    ProviderPaymentId = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Authorized = table.Column<long>(type: "bigint", nullable: false),
                    Captured = table.Column<long>(type: "bigint", nullable: false),
                    Refunded = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments_payments", x => x.Id);
                    table.CheckConstraint("ck_payments_payments_amounts", "\"Captured\" <= \"Authorized\" AND \"Refunded\" <= \"Captured\"");
                });

            migrationBuilder.CreateTable(
                name: "payments_sandbox_charges",
                columns: table => new
                {
                    Id = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Token = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Authorized = table.Column<long>(type: "bigint", nullable: false),
                    Captured = table.Column<long>(type: "bigint", nullable: false),
                    Refunded = table.Column<long>(type: "bigint", nullable: false),
                    State = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments_sandbox_charges", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "payments_sandbox_operations",
                columns: table => new
                {
                    IdempotencyKey = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ChargeId = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_payments_sandbox_operations", x => x.IdempotencyKey);
                });

            migrationBuilder.CreateTable(
                name: "pricing_discount_customer_usage",
                columns: table => new
                {
                    DiscountId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerKey = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    Count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_discount_customer_usage", x => new { x.DiscountId, x.CustomerKey });
                });

            migrationBuilder.CreateTable(
                name: "pricing_discount_redemptions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    DiscountId = table.Column<Guid>(type: "uuid", nullable: false),
                    AttemptId = table.Column<Guid>(type: "uuid", nullable: false),
                    CustomerKey = table.Column<string>(type: "character varying(254)", maxLength: 254, nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_discount_redemptions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pricing_discounts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    PercentBps = table.Column<int>(type: "integer", nullable: false),
                    AmountOff = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: true),
                    MinSubtotal = table.Column<long>(type: "bigint", nullable: false),
                    BuyQuantity = table.Column<int>(type: "integer", nullable: false),
                    GetQuantity = table.Column<int>(type: "integer", nullable: false),
                    Skus = table.Column<List<string>>(type: "text[]", nullable: false),
                    StartsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndsAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    UsageLimit = table.Column<int>(type: "integer", nullable: true),
                    PerCustomerLimit = table.Column<int>(type: "integer", nullable: true),
                    TimesUsed = table.Column<int>(type: "integer", nullable: false),
                    Combinable = table.Column<bool>(type: "boolean", nullable: false),
                    Active = table.Column<bool>(type: "boolean", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_discounts", x => x.Id);
                    table.CheckConstraint("ck_pricing_discounts_usage", "\"UsageLimit\" IS NULL OR \"TimesUsed\" <= \"UsageLimit\"");
                });

            migrationBuilder.CreateTable(
                name: "pricing_shipping_methods",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Code = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    FreeOver = table.Column<long>(type: "bigint", nullable: true),
                    Active = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_shipping_methods", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pricing_tax_rates",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Country = table.Column<string>(type: "character varying(2)", maxLength: 2, nullable: false),
                    Region = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    RateBps = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pricing_tax_rates", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "carts_cart_lines",
                columns: table => new
                {
                    CartId = table.Column<string>(type: "character varying(64)", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Quantity = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_carts_cart_lines", x => new { x.CartId, x.Sku });
                    table.ForeignKey(
                        name: "FK_carts_cart_lines_carts_carts_CartId",
                        column: x => x.CartId,
                        principalTable: "carts_carts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_products",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Slug = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    ShortDescription = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    CategoryId = table.Column<long>(type: "bigint", nullable: true),
                    Published = table.Column<bool>(type: "boolean", nullable: false),
                    Images = table.Column<List<string>>(type: "text[]", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_products", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_products_catalog_categories_CategoryId",
                        column: x => x.CategoryId,
                        principalTable: "catalog_categories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "customers_refresh_tokens",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    AccountId = table.Column<Guid>(type: "uuid", nullable: false),
                    FamilyId = table.Column<Guid>(type: "uuid", nullable: false),
                    TokenHash = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UsedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RevokedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_customers_refresh_tokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_customers_refresh_tokens_customers_accounts_AccountId",
                        column: x => x.AccountId,
                        principalTable: "customers_accounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "inventory_stock_levels",
                columns: table => new
                {
                    LocationId = table.Column<long>(type: "bigint", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OnHand = table.Column<long>(type: "bigint", nullable: false),
                    Reserved = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_inventory_stock_levels", x => new { x.Sku, x.LocationId });
                    table.CheckConstraint("ck_inventory_stock_levels_reserved", "\"Reserved\" >= 0");
                    table.ForeignKey(
                        name: "FK_inventory_stock_levels_inventory_locations_LocationId",
                        column: x => x.LocationId,
                        principalTable: "inventory_locations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ledger_postings",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    EntryId = table.Column<Guid>(type: "uuid", nullable: false),
                    Account = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ledger_postings", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ledger_postings_ledger_journal_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "ledger_journal_entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "orders_order_lines",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    FulfilledQuantity = table.Column<int>(type: "integer", nullable: false),
                    RefundedQuantity = table.Column<int>(type: "integer", nullable: false),
                    RefundedAmount = table.Column<long>(type: "bigint", nullable: false),
                    RestockedQuantity = table.Column<int>(type: "integer", nullable: false),
                    OrderId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    VariantName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    Quantity = table.Column<int>(type: "integer", nullable: false),
                    UnitPrice = table.Column<long>(type: "bigint", nullable: false),
                    Subtotal = table.Column<long>(type: "bigint", nullable: false),
                    Discount = table.Column<long>(type: "bigint", nullable: false),
                    Tax = table.Column<long>(type: "bigint", nullable: false),
                    Total = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_orders_order_lines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_orders_order_lines_orders_orders_OrderId",
                        column: x => x.OrderId,
                        principalTable: "orders_orders",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_product_price_ranges",
                columns: table => new
                {
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    MinAmount = table.Column<long>(type: "bigint", nullable: false),
                    MaxAmount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_product_price_ranges", x => new { x.ProductId, x.Currency });
                    table.ForeignKey(
                        name: "FK_catalog_product_price_ranges_catalog_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "catalog_products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_variants",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ProductId = table.Column<long>(type: "bigint", nullable: false),
                    Sku = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    options = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_variants", x => x.Id);
                    table.ForeignKey(
                        name: "FK_catalog_variants_catalog_products_ProductId",
                        column: x => x.ProductId,
                        principalTable: "catalog_products",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "catalog_variant_prices",
                columns: table => new
                {
                    VariantId = table.Column<long>(type: "bigint", nullable: false),
                    Currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Amount = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_catalog_variant_prices", x => new { x.VariantId, x.Currency });
                    table.CheckConstraint("ck_catalog_variant_prices_amount", "\"Amount\" >= 0");
                    table.ForeignKey(
                        name: "FK_catalog_variant_prices_catalog_variants_VariantId",
                        column: x => x.VariantId,
                        principalTable: "catalog_variants",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "inventory_locations",
                columns: new[] { "Id", "Code", "Name" },
                values: new object[] { 1L, "default", "Default warehouse" });

            migrationBuilder.CreateIndex(
                name: "IX_carts_carts_CustomerId_Status",
                table: "carts_carts",
                columns: new[] { "CustomerId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_categories_ParentId",
                table: "catalog_categories",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_categories_Path",
                table: "catalog_categories",
                column: "Path");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_categories_Slug",
                table: "catalog_categories",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_product_price_ranges_Currency_MinAmount_ProductId",
                table: "catalog_product_price_ranges",
                columns: new[] { "Currency", "MinAmount", "ProductId" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_CategoryId_Published_Id",
                table: "catalog_products",
                columns: new[] { "CategoryId", "Published", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_Published_Id",
                table: "catalog_products",
                columns: new[] { "Published", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_Published_Name_Id",
                table: "catalog_products",
                columns: new[] { "Published", "Name", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_catalog_products_Slug",
                table: "catalog_products",
                column: "Slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_catalog_variants_ProductId",
                table: "catalog_variants",
                column: "ProductId");

            migrationBuilder.CreateIndex(
                name: "IX_catalog_variants_Sku",
                table: "catalog_variants",
                column: "Sku",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_checkout_attempts_Status_UpdatedAt",
                table: "checkout_attempts",
                columns: new[] { "Status", "UpdatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_common_audit_entries_ActorId_Id",
                table: "common_audit_entries",
                columns: new[] { "ActorId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_common_audit_entries_At",
                table: "common_audit_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_common_audit_entries_SubjectType_SubjectId_Id",
                table: "common_audit_entries",
                columns: new[] { "SubjectType", "SubjectId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_common_idempotency_keys_ExpiresAt",
                table: "common_idempotency_keys",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_common_outbox_messages_DispatchedAt_OccurredAt",
                table: "common_outbox_messages",
                columns: new[] { "DispatchedAt", "OccurredAt" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_accounts_NormalizedEmail",
                table: "customers_accounts",
                column: "NormalizedEmail",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_customers_accounts_Role_Id",
                table: "customers_accounts",
                columns: new[] { "Role", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_customers_refresh_tokens_AccountId",
                table: "customers_refresh_tokens",
                column: "AccountId");

            migrationBuilder.CreateIndex(
                name: "IX_customers_refresh_tokens_FamilyId",
                table: "customers_refresh_tokens",
                column: "FamilyId");

            migrationBuilder.CreateIndex(
                name: "IX_customers_refresh_tokens_TokenHash",
                table: "customers_refresh_tokens",
                column: "TokenHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inventory_locations_Code",
                table: "inventory_locations",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_inventory_reservations_AttemptId",
                table: "inventory_reservations",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_inventory_reservations_Status_ExpiresAt",
                table: "inventory_reservations",
                columns: new[] { "Status", "ExpiresAt" });

            migrationBuilder.CreateIndex(
                name: "IX_inventory_stock_levels_LocationId",
                table: "inventory_stock_levels",
                column: "LocationId");

            migrationBuilder.CreateIndex(
                name: "IX_inventory_stock_movements_OrderId",
                table: "inventory_stock_movements",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_inventory_stock_movements_Sku_LocationId_Id",
                table: "inventory_stock_movements",
                columns: new[] { "Sku", "LocationId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_journal_entries_At",
                table: "ledger_journal_entries",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_journal_entries_OrderId",
                table: "ledger_journal_entries",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_ledger_postings_Account_Currency",
                table: "ledger_postings",
                columns: new[] { "Account", "Currency" });

            migrationBuilder.CreateIndex(
                name: "IX_ledger_postings_EntryId",
                table: "ledger_postings",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_orders_fulfillments_OrderId",
                table: "orders_fulfillments",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_orders_order_events_OrderId_Id",
                table: "orders_order_events",
                columns: new[] { "OrderId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_orders_order_lines_OrderId",
                table: "orders_order_lines",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_orders_order_lines_Sku",
                table: "orders_order_lines",
                column: "Sku");

            migrationBuilder.CreateIndex(
                name: "IX_orders_orders_CustomerId_Id",
                table: "orders_orders",
                columns: new[] { "CustomerId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_orders_orders_PlacedAt",
                table: "orders_orders",
                column: "PlacedAt");

            migrationBuilder.CreateIndex(
                name: "IX_orders_orders_Status_Id",
                table: "orders_orders",
                columns: new[] { "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_orders_returns_OrderId",
                table: "orders_returns",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_payments_OrderId",
                table: "payments_payments",
                column: "OrderId");

            migrationBuilder.CreateIndex(
                name: "IX_payments_payments_Provider_ProviderPaymentId",
                table: "payments_payments",
                columns: new[] { "Provider", "ProviderPaymentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_payments_sandbox_charges_IdempotencyKey",
                table: "payments_sandbox_charges",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pricing_discount_redemptions_AttemptId",
                table: "pricing_discount_redemptions",
                column: "AttemptId");

            migrationBuilder.CreateIndex(
                name: "IX_pricing_discount_redemptions_DiscountId_OrderId",
                table: "pricing_discount_redemptions",
                columns: new[] { "DiscountId", "OrderId" });

            migrationBuilder.CreateIndex(
                name: "IX_pricing_discounts_Active_Code",
                table: "pricing_discounts",
                columns: new[] { "Active", "Code" });

            migrationBuilder.CreateIndex(
                name: "IX_pricing_discounts_Code",
                table: "pricing_discounts",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pricing_shipping_methods_Code_Currency",
                table: "pricing_shipping_methods",
                columns: new[] { "Code", "Currency" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pricing_tax_rates_Country_Region",
                table: "pricing_tax_rates",
                columns: new[] { "Country", "Region" },
                unique: true);

            // Raw DDL EF does not model: full-text search (Catalog/ProductSearchSchema.cs), append-only audit (Common/Audit/AuditLogSchema.cs).
            ProductSearchSchema.Create(migrationBuilder, postgres: true);
            AuditLogSchema.Create(migrationBuilder, postgres: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            AuditLogSchema.Drop(migrationBuilder, postgres: true);
            ProductSearchSchema.Drop(migrationBuilder, postgres: true);
            migrationBuilder.DropTable(
                name: "carts_cart_lines");

            migrationBuilder.DropTable(
                name: "catalog_product_price_ranges");

            migrationBuilder.DropTable(
                name: "catalog_variant_prices");

            migrationBuilder.DropTable(
                name: "checkout_attempts");

            migrationBuilder.DropTable(
                name: "common_audit_entries");

            migrationBuilder.DropTable(
                name: "common_idempotency_keys");

            migrationBuilder.DropTable(
                name: "common_outbox_messages");

            migrationBuilder.DropTable(
                name: "customers_login_throttles");

            migrationBuilder.DropTable(
                name: "customers_refresh_tokens");

            migrationBuilder.DropTable(
                name: "inventory_items");

            migrationBuilder.DropTable(
                name: "inventory_reservations");

            migrationBuilder.DropTable(
                name: "inventory_stock_levels");

            migrationBuilder.DropTable(
                name: "inventory_stock_movements");

            migrationBuilder.DropTable(
                name: "ledger_postings");

            migrationBuilder.DropTable(
                name: "orders_fulfillments");

            migrationBuilder.DropTable(
                name: "orders_order_events");

            migrationBuilder.DropTable(
                name: "orders_order_lines");

            migrationBuilder.DropTable(
                name: "orders_returns");

            migrationBuilder.DropTable(
                name: "payments_payments");

            migrationBuilder.DropTable(
                name: "payments_sandbox_charges");

            migrationBuilder.DropTable(
                name: "payments_sandbox_operations");

            migrationBuilder.DropTable(
                name: "pricing_discount_customer_usage");

            migrationBuilder.DropTable(
                name: "pricing_discount_redemptions");

            migrationBuilder.DropTable(
                name: "pricing_discounts");

            migrationBuilder.DropTable(
                name: "pricing_shipping_methods");

            migrationBuilder.DropTable(
                name: "pricing_tax_rates");

            migrationBuilder.DropTable(
                name: "carts_carts");

            migrationBuilder.DropTable(
                name: "catalog_variants");

            migrationBuilder.DropTable(
                name: "customers_accounts");

            migrationBuilder.DropTable(
                name: "inventory_locations");

            migrationBuilder.DropTable(
                name: "ledger_journal_entries");

            migrationBuilder.DropTable(
                name: "orders_orders");

            migrationBuilder.DropTable(
                name: "catalog_products");

            migrationBuilder.DropTable(
                name: "catalog_categories");
        }
    }
}

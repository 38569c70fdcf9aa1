using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace EngineRoom.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Webhooks : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "webhooks_endpoints",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Url = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    EventTypes = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false),
                    DisabledReason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    FailingSince = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Secret = table.Column<byte[]>(type: "bytea", nullable: false),
                    PreviousSecret = table.Column<byte[]>(type: "bytea", nullable: true),
                    PreviousSecretExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks_endpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    EndpointId = table.Column<Guid>(type: "uuid", nullable: false),
                    MessageId = table.Column<Guid>(type: "uuid", nullable: true),
                    EventType = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    Status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    NextAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAttemptAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DeliveredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClaimToken = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_webhooks_deliveries_webhooks_endpoints_EndpointId",
                        column: x => x.EndpointId,
                        principalTable: "webhooks_endpoints",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks_attempts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    DeliveryId = table.Column<Guid>(type: "uuid", nullable: false),
                    EndpointId = table.Column<Guid>(type: "uuid", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    StatusCode = table.Column<int>(type: "integer", nullable: true),
                    LatencyMs = table.Column<int>(type: "integer", nullable: false),
                    Response = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    Error = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks_attempts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_webhooks_attempts_webhooks_deliveries_DeliveryId",
                        column: x => x.DeliveryId,
                        principalTable: "webhooks_deliveries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_attempts_DeliveryId_Number",
                table: "webhooks_attempts",
                columns: new[] { "DeliveryId", "Number" });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_deliveries_EndpointId_CreatedAt",
                table: "webhooks_deliveries",
                columns: new[] { "EndpointId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_deliveries_EndpointId_MessageId",
                table: "webhooks_deliveries",
                columns: new[] { "EndpointId", "MessageId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_deliveries_EndpointId_Status_NextAttemptAt",
                table: "webhooks_deliveries",
                columns: new[] { "EndpointId", "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_endpoints_Enabled",
                table: "webhooks_endpoints",
                column: "Enabled");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "webhooks_attempts");

            migrationBuilder.DropTable(
                name: "webhooks_deliveries");

            migrationBuilder.DropTable(
                name: "webhooks_endpoints");
        }
    }
}

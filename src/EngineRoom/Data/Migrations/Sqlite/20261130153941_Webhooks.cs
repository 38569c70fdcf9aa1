using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
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
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    EventTypes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    DisabledReason = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    FailingSince = table.Column<long>(type: "INTEGER", nullable: true),
                    Secret = table.Column<byte[]>(type: "BLOB", nullable: false),
                    PreviousSecret = table.Column<byte[]>(type: "BLOB", nullable: true),
                    PreviousSecretExpiresAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks_endpoints", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "webhooks_deliveries",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    EndpointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    MessageId = table.Column<Guid>(type: "TEXT", nullable: true),
                    EventType = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Body = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClaimToken = table.Column<Guid>(type: "TEXT", nullable: true)
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
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    DeliveryId = table.Column<Guid>(type: "TEXT", nullable: false),
                    EndpointId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    StatusCode = table.Column<int>(type: "INTEGER", nullable: true),
                    LatencyMs = table.Column<int>(type: "INTEGER", nullable: false),
                    Response = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
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

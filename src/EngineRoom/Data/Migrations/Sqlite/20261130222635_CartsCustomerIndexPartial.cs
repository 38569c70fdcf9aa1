using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace EngineRoom.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CartsCustomerIndexPartial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_carts_carts_CustomerId_Status",
                table: "carts_carts");

            migrationBuilder.CreateIndex(
                name: "IX_carts_carts_CustomerId_Status",
                table: "carts_carts",
                columns: new[] { "CustomerId", "Status" },
                filter: "\"CustomerId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_carts_carts_CustomerId_Status",
                table: "carts_carts");

            migrationBuilder.CreateIndex(
                name: "IX_carts_carts_CustomerId_Status",
                table: "carts_carts",
                columns: new[] { "CustomerId", "Status" });
        }
    }
}

#include "colloq/cli/cli.hpp"

#include <iostream>

#include <CLI/CLI.hpp>

#include "colloq/cli/common.hpp"

namespace colloq::cli {

int run(int argc, char** argv) {
    CLI::App app{"colloq: registrations, badges and check-in for a colloquium.\n"
                 "Without --config it runs the built-in colloquium of 10 October 2024 at the French Senate."};
    app.require_subcommand(1);
    global_options g;
    auto add_globals = [&](CLI::App* cmd) {
        cmd->add_option("--config", g.config_path, "event configuration (TOML); default: the built-in colloquium")
            ->check(CLI::ExistingFile);
        cmd->add_option("--data", g.data_dir, "data directory: database, signing key, mail spool")
            ->capture_default_str();
        cmd->add_option("--db", g.db_url, "database: sqlite:PATH or postgresql://user@host:port/dbname");
    };

    std::string listen = "127.0.0.1:8080";
    auto* serve_cmd = app.add_subcommand("serve", "apply pending migrations, then serve HTTP");
    add_globals(serve_cmd);
    serve_cmd->add_option("--listen", listen, "address and port to listen on (port 0: any free port)")
        ->capture_default_str();

    auto* migrate_cmd = app.add_subcommand("migrate", "apply the SQL migrations of schema/ not yet applied");
    add_globals(migrate_cmd);

    std::string backup_file;
    auto* backup_cmd = app.add_subcommand("backup", "write a consistent copy of the database, even while serving");
    add_globals(backup_cmd);
    backup_cmd->add_option("FILE", backup_file, "where to write the copy")->required();

    bool adopt_key = false;
    auto* keys_cmd = app.add_subcommand("keys", "print the badge-signing public key (base64url, Ed25519)");
    add_globals(keys_cmd);
    keys_cmd->add_flag("--adopt", adopt_key,
                       "record this key in the database in place of the one there (that key being lost: "
                       "badges signed with it will be refused)");

    auto* staff_cmd = app.add_subcommand("staff", "manage staff accounts");
    staff_cmd->require_subcommand(1);
    std::string email, role, partner;
    bool password_stdin = false;
    auto* staff_add_cmd = staff_cmd->add_subcommand("add", "create a staff account; prints a generated password");
    add_globals(staff_add_cmd);
    staff_add_cmd->add_option("--email", email, "the person's e-mail address (their login)")->required();
    staff_add_cmd->add_option("--role", role, "admin, partner or door")
        ->required()
        ->check(CLI::IsMember({"admin", "partner", "door"}));
    staff_add_cmd->add_option("--partner", partner, "the partner slug, for --role partner");
    staff_add_cmd->add_flag("--password-stdin", password_stdin, "read the password (12 characters or more) from stdin");

    auto* staff_list_cmd = staff_cmd->add_subcommand("list", "one line per account: email, role, partner, enabled or disabled");
    add_globals(staff_list_cmd);
    auto* staff_disable_cmd = staff_cmd->add_subcommand(
        "disable", "stop an account from signing in; ends its sessions and revokes its API tokens at once");
    add_globals(staff_disable_cmd);
    staff_disable_cmd->add_option("--email", email, "the staff account's e-mail address")->required();
    auto* staff_enable_cmd = staff_cmd->add_subcommand("enable", "let a disabled account sign in again");
    add_globals(staff_enable_cmd);
    staff_enable_cmd->add_option("--email", email, "the staff account's e-mail address")->required();

    auto* token_cmd = app.add_subcommand("token", "manage API tokens");
    token_cmd->require_subcommand(1);
    int token_days = default_token_days;
    auto* token_create_cmd = token_cmd->add_subcommand("create", "print a new API token for a staff account (shown once)");
    add_globals(token_create_cmd);
    token_create_cmd->add_option("--email", email, "the staff account's e-mail address")->required();
    token_create_cmd->add_option("--days", token_days, "days until the token expires, 1 to 3650")->capture_default_str();
    auto* token_list_cmd = token_cmd->add_subcommand(
        "list", "one line per token: id, account, created, expires, last used, state (never the token itself)");
    add_globals(token_list_cmd);
    token_list_cmd->add_option("--email", email, "only this staff account's tokens");
    long long token_id = 0;
    auto* token_revoke_cmd = token_cmd->add_subcommand("revoke", "refuse a token from now on");
    add_globals(token_revoke_cmd);
    token_revoke_cmd->add_option("--id", token_id, "the token's id: the number before the dot, or from token list")
        ->required();

    std::string format, output;
    auto* export_cmd = app.add_subcommand("export", "write the registrations list, or the sign-in sheet");
    add_globals(export_cmd);
    export_cmd->add_option("--format", format, "csv, xlsx, or pdf (the sign-in sheet)")
        ->required()
        ->check(CLI::IsMember({"csv", "xlsx", "pdf"}));
    export_cmd->add_option("--partner", partner, "only this partner's registrations (a slug, or public)");
    export_cmd->add_option("--output", output, "the file to write; default: standard output");
    std::string list = "registrations";
    bool changes = false;
    export_cmd->add_option("--list", list, "registrations (default), or security: the venue's security list")
        ->check(CLI::IsMember({"registrations", "security"}));
    export_cmd->add_flag("--changes", changes, "with --list security: what changed since the version sent");

    std::string input;
    bool dry_run = false, no_email = false;
    auto* import_cmd = app.add_subcommand("import", "register invitees from a CSV file (all of them, or none)");
    add_globals(import_cmd);
    import_cmd->add_option("--input", input, "the CSV file: ; or , between fields, UTF-8 or Windows-1252")
        ->required();
    import_cmd->add_option("--partner", partner, "the partner of the lines that name none (a slug, or public)");
    import_cmd->add_flag("--dry-run", dry_run, "check every line and say what would be done; write nothing");
    import_cmd->add_flag("--no-email", no_email, "send the invitees no e-mail");

    bool purge_dry_run = false;
    auto* purge_cmd = app.add_subcommand("purge", "anonymise the registrations whose retention period ([privacy] retention_days) is over");
    add_globals(purge_cmd);
    purge_cmd->add_flag("--dry-run", purge_dry_run, "say how many would be anonymised; change nothing");

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        app.exit(e);
        return 2;
    }

    try {
        if (serve_cmd->parsed()) return serve(g, listen);
        if (migrate_cmd->parsed()) {
            ensure_data_dir(g);
            int n = migrate(database(g));
            std::cerr << "colloq: " << (n ? std::to_string(n) + " migration(s) applied" : "schema up to date") << "\n";
            return 0;
        }
        if (backup_cmd->parsed()) return backup(g, backup_file);
        if (keys_cmd->parsed()) return keys(g, adopt_key);
        if (export_cmd->parsed() && list == "security") return export_security_list(g, format, changes, output);
        if (export_cmd->parsed() && changes) throw usage_error("--changes goes with --list security");
        if (export_cmd->parsed()) return export_file(g, format, partner, output);
        if (import_cmd->parsed()) return import_file(g, input, partner, dry_run, !no_email);
        if (purge_cmd->parsed()) return purge(g, purge_dry_run);
        if (staff_add_cmd->parsed()) return staff_add(g, email, role, partner, password_stdin);
        if (staff_list_cmd->parsed()) return staff_list(g);
        if (staff_disable_cmd->parsed()) return staff_set_disabled(g, email, true);
        if (staff_enable_cmd->parsed()) return staff_set_disabled(g, email, false);
        if (token_create_cmd->parsed()) return token_create(g, email, token_days);
        if (token_list_cmd->parsed()) return token_list(g, email);
        if (token_revoke_cmd->parsed()) return token_revoke(g, token_id);
    } catch (const usage_error& e) {
        std::cerr << "colloq: " << e.what() << "\n";
        return 2;
    } catch (const failure& e) {
        std::cerr << "colloq: " << e.what() << "\n";
        return 1;
    }
    return 2;
}

}  // namespace colloq::cli

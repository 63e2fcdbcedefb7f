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

    auto* keys_cmd = app.add_subcommand("keys", "print the badge-signing public key (base64url, Ed25519)");
    add_globals(keys_cmd);

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

    auto* token_cmd = app.add_subcommand("token", "manage API tokens");
    token_cmd->require_subcommand(1);
    auto* token_create_cmd = token_cmd->add_subcommand("create", "print a new API token for a staff account (shown once)");
    add_globals(token_create_cmd);
    token_create_cmd->add_option("--email", email, "the staff account's e-mail address")->required();

    std::string format, output;
    auto* export_cmd = app.add_subcommand("export", "write the registrations list, or the sign-in sheet");
    add_globals(export_cmd);
    export_cmd->add_option("--format", format, "csv, xlsx, or pdf (the sign-in sheet)")
        ->required()
        ->check(CLI::IsMember({"csv", "xlsx", "pdf"}));
    export_cmd->add_option("--partner", partner, "only this partner's registrations (a slug, or public)");
    export_cmd->add_option("--output", output, "the file to write; default: standard output");

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
        if (keys_cmd->parsed()) return keys(g);
        if (export_cmd->parsed()) return export_file(g, format, partner, output);
        if (staff_add_cmd->parsed()) return staff_add(g, email, role, partner, password_stdin);
        if (token_create_cmd->parsed()) return token_create(g, email);
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

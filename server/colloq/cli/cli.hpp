#pragma once
// The `colloq` command line: sub-commands of the contract, exit 0 / 1 / 2.
namespace colloq::cli {

int run(int argc, char** argv);

}  // namespace colloq::cli

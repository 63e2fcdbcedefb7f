#include <exception>
#include <iostream>

#include "colloq/cli/cli.hpp"

int main(int argc, char** argv) {
    try {
        return colloq::cli::run(argc, argv);
    } catch (const std::exception& e) {
        std::cerr << "colloq: " << e.what() << "\n";
        return 1;
    }
}

#pragma once
// Prepared queries of the writer that yield at most one row.
#include <soci/soci.h>

namespace colloq::store {

// Runs the query and finishes it. A query left open after its row keeps its snapshot of the
// database past the commit, and the writer's next transaction then fails as soon as another
// process (the command line adding a staff account) has written in between.
inline bool query_single_row(soci::statement& st) {
    bool found = st.execute(true);
    if (found) st.fetch();  // steps past the row: the query is done
    return found;
}

}  // namespace colloq::store

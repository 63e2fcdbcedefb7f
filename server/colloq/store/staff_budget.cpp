#include "colloq/store/staff_budget.hpp"

#include <chrono>

#include <soci/soci.h>

#include "colloq/domain/time.hpp"

namespace colloq::store {

budget_answer spend_staff_budget(soci::session& sql, long long staff_id, const std::string& now,
                                 const staff_spending& spent, int emails_per_day) {
    budget_answer out;
    std::string day = now.substr(0, 10);  // YYYY-MM-DD of an RFC 3339 UTC time
    sql << "DELETE FROM staff_daily_sends WHERE staff_id = :s AND day < :d", soci::use(staff_id), soci::use(day);
    sql << "INSERT INTO staff_daily_sends (staff_id, day, emails, mailings) VALUES (:s, :d, 0, 0) "
           "ON CONFLICT (staff_id, day) DO NOTHING",
        soci::use(staff_id), soci::use(day);
    // One conditional statement: two servers spending at once cannot both pass the cap.
    int emails = spent.emails, mailings = spent.mailings, mailings_cap = staff_mailings_per_day;
    soci::statement spend = (sql.prepare << "UPDATE staff_daily_sends SET emails = emails + :e, "
                                            "mailings = mailings + :m WHERE staff_id = :s AND day = :d "
                                            "AND emails + :e2 <= :ecap AND mailings + :m2 <= :mcap",
                             soci::use(emails), soci::use(mailings), soci::use(staff_id), soci::use(day),
                             soci::use(emails), soci::use(emails_per_day), soci::use(mailings),
                             soci::use(mailings_cap));
    spend.execute(true);
    if (spend.get_affected_rows() == 1) return out;

    int sent_emails = 0, sent_mailings = 0;
    sql << "SELECT emails, mailings FROM staff_daily_sends WHERE staff_id = :s AND day = :d", soci::use(staff_id),
        soci::use(day), soci::into(sent_emails), soci::into(sent_mailings);
    out.refused = sent_mailings + mailings > mailings_cap ? budget_answer::mailings : budget_answer::emails;
    if (auto at = domain::parse_rfc3339(now)) {
        auto tomorrow = std::chrono::floor<std::chrono::days>(at->utc) + std::chrono::days(1);
        out.retry_after = std::chrono::ceil<std::chrono::seconds>(tomorrow - at->utc).count();
    }
    if (out.retry_after < 1) out.retry_after = 1;
    return out;
}

}  // namespace colloq::store

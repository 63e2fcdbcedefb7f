#include "colloq/config/config.hpp"

namespace colloq::config {

// The colloquium of 10 October 2024 at the French Senate, used when no --config is given.
std::string_view builtin_text() {
    return R"toml(
[event]
slug = "ia-collectivites-2024"
title = "L'IA dans les collectivités territoriales : quels besoins, quels outils, quelle éthique ?"
organiser = "L'Inspiration politique"
venue = "Sénat, Palais du Luxembourg, 15 rue de Vaugirard, 75006 Paris"
starts_at = "2024-10-10T09:00:00+02:00"
ends_at = "2024-10-10T13:00:00+02:00"
capacity = 300
contact_email = "inscriptions@example.org"

[[partners]]
slug = "dextera"
name = "Dextera"

[[partners]]
slug = "dircab"
name = "Dircab"

[[partners]]
slug = "coopcab"
name = "CoopCab"

[[questions]]
id = "accessibilite"
label = "Avez-vous des besoins d'accessibilité ?"
type = "text"
help = "Fauteuil roulant, boucle magnétique, place réservée… Le Sénat en est prévenu pour vous accueillir."
max_length = 200
security_list = true

[security_list]
recipient = "Service de la sécurité du Sénat"
due_at = "2024-10-08T12:00:00+02:00"
fields = ["last_name", "first_name", "organisation"]
after_due = "accept"

[[reminders]]
before = "7d"
to = "confirmed"

[[reminders]]
before = "1d"
to = "confirmed"
attach_badge = true

[after_event]
thank_you = true
certificate = true

[privacy]
retention_days = 90

[mail]
from = "Colloque IA <inscriptions@example.org>"
)toml";
}

config builtin() { return parse(builtin_text(), "(built-in)"); }

}  // namespace colloq::config

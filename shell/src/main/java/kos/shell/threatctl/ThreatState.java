package kos.shell.threatctl;

import java.util.List;
import kos.insights.threat.ThreatService;
import kos.shell.Session;
import kos.shell.app.SeedList;

/** The session's threat service, and the seed lists the commands take. */
final class ThreatState {
    private ThreatState() {}

    static ThreatService of(Session session) {
        return session.extension(ThreatService.class, ThreatService::new);
    }

    /** {@code 101..105} or {@code 1,2,7}; null or blank: {@code defaults}. */
    static List<Long> seeds(String text, List<Long> defaults) {
        return SeedList.parse(text, defaults);
    }
}

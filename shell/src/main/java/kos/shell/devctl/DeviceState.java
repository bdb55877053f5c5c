package kos.shell.devctl;

import kos.insights.device.DeviceService;
import kos.shell.Session;

/** The session's device service. */
final class DeviceState {
    private DeviceState() {}

    static DeviceService of(Session session) {
        return session.extension(DeviceService.class, DeviceService::new);
    }
}

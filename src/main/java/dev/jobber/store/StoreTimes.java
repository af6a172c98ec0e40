package dev.jobber.store;

/** How item times are shown: unix seconds; an expiry rounded up, so the key is gone by then. */
public final class StoreTimes {

    private StoreTimes() {
    }

    public static Long expiry(StoreItem item) {
        if (item.expiry() == null) {
            return null;
        }
        long seconds = item.expiry().getEpochSecond();
        return item.expiry().getNano() > 0 ? seconds + 1 : seconds;
    }
}

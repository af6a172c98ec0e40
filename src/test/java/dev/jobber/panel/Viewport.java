package dev.jobber.panel;

import com.microsoft.playwright.Browser;

/** A screen the panel is tested on: its size in CSS pixels, pixel density, and whether it is a touch phone's. */
record Viewport(int width, int height, double scale, boolean mobile) {

    /** A laptop's browser window. */
    static final Viewport DESKTOP = new Viewport(1280, 900, 1, false);
    /** A phone held upright (an iPhone 12–15's CSS pixels), with touch and the mobile viewport rules. */
    static final Viewport PHONE = new Viewport(390, 844, 3, true);

    Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(width, height).setDeviceScaleFactor(scale)
                .setIsMobile(mobile).setHasTouch(mobile).setLocale("en-GB").setTimezoneId("UTC");
    }
}

package dev.jobber.panel;

import com.microsoft.playwright.Browser;

/** The screens the panel is tested on. */
enum Viewport {

    /** A laptop's browser window. */
    DESKTOP(1280, 900, 1, false),
    /** A phone held upright (an iPhone 12–15's CSS pixels), with touch and the mobile viewport rules. */
    PHONE(390, 844, 3, true);

    private final int width;
    private final int height;
    private final double scale;
    private final boolean mobile;

    Viewport(int width, int height, double scale, boolean mobile) {
        this.width = width;
        this.height = height;
        this.scale = scale;
        this.mobile = mobile;
    }

    Browser.NewContextOptions contextOptions() {
        return new Browser.NewContextOptions().setViewportSize(width, height).setDeviceScaleFactor(scale)
                .setIsMobile(mobile).setHasTouch(mobile).setLocale("en-GB").setTimezoneId("UTC");
    }
}

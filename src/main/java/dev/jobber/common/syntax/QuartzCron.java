package dev.jobber.common.syntax;

import java.util.ArrayList;
import java.util.List;

/**
 * Translates a schedule's six-field form (seconds, minutes, hours, day of month, month, day of week 0–7 with Sunday
 * as 0 or 7) into Quartz cron expressions. Quartz wants {@code ?} in one of the day fields and numbers days of the week
 * 1–7 from Sunday; when both day fields are restricted, cron fires on either (Vixie semantics), which takes two
 * Quartz expressions.
 */
public final class QuartzCron {

    private QuartzCron() {
    }

    public static List<String> expressions(CronExpression cron) {
        String[] f = cron.sixFields().split(" ");
        String seconds = f[0];
        String minutes = f[1];
        String hours = f[2];
        String dayOfMonth = f[3];
        String month = f[4];
        String dayOfWeek = dayOfWeek(f[5]);
        String prefix = seconds + " " + minutes + " " + hours + " ";
        List<String> expressions = new ArrayList<>();
        boolean anyDayOfMonth = dayOfMonth.equals("*") || dayOfMonth.equals("?");
        boolean anyDayOfWeek = f[5].equals("*") || f[5].equals("?");
        if (anyDayOfWeek) {
            expressions.add(prefix + dayOfMonth.replace("?", "*") + " " + month + " ?");
        } else if (anyDayOfMonth) {
            expressions.add(prefix + "? " + month + " " + dayOfWeek);
        } else {
            expressions.add(prefix + dayOfMonth + " " + month + " ?");
            expressions.add(prefix + "? " + month + " " + dayOfWeek);
        }
        return expressions;
    }

    /** Renumbers a day-of-week field from cron's 0–7 (Sunday = 0 or 7) to Quartz's 1–7 (Sunday = 1). */
    static String dayOfWeek(String field) {
        StringBuilder out = new StringBuilder();
        for (String part : field.split(",")) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            String[] stepped = part.split("/", 2);
            String range = stepped[0];
            if (range.equals("*")) {
                out.append(stepped.length > 1 ? "1" : "*");
            } else {
                String[] bounds = range.split("-", 2);
                out.append(day(bounds[0]));
                if (bounds.length > 1) {
                    out.append('-').append(day(bounds[1]));
                }
            }
            if (stepped.length > 1) {
                out.append('/').append(stepped[1]);
            }
        }
        return out.toString();
    }

    private static String day(String value) {
        if (value.chars().allMatch(Character::isDigit)) {
            return String.valueOf(Integer.parseInt(value) % 7 + 1);
        }
        return value.toUpperCase(java.util.Locale.ROOT);
    }
}

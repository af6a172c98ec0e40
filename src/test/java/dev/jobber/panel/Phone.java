package dev.jobber.panel;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Marks a {@link PanelPage} test parameter that is to be opened on a phone-sized screen ({@link Viewport#PHONE}). */
@Target(ElementType.PARAMETER)
@Retention(RetentionPolicy.RUNTIME)
@interface Phone {
}

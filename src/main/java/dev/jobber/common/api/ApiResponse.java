package dev.jobber.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** The envelope of every {@code /api/} answer: {@code {success, message?, data?, errors?}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiResponse<T>(boolean success, String message, T data, List<FieldError> errors) {

    public static <T> ApiResponse<T> ok(T data) {
        return new ApiResponse<>(true, null, data, null);
    }

    public static <T> ApiResponse<T> ok(String message, T data) {
        return new ApiResponse<>(true, message, data, null);
    }

    public static ApiResponse<Void> failure(String message) {
        return new ApiResponse<>(false, message, null, null);
    }

    public static ApiResponse<Void> failure(String message, List<FieldError> errors) {
        return new ApiResponse<>(false, message, null, errors);
    }
}

namespace MiniKube.ApiMachinery.Errors;

/// <summary>
/// One validation failure at a field path, like k8s.io/apimachinery's field.Error: validation collects all of them
/// before answering, so the user sees every problem at once.
/// </summary>
public sealed record FieldError(string Field, string Reason, string Detail)
{
    public static FieldError Required(string field, string detail = "") =>
        new(field, "FieldValueRequired", detail.Length == 0 ? "Required value" : $"Required value: {detail}");

    public static FieldError Invalid(string field, object? value, string detail) =>
        new(field, "FieldValueInvalid", $"Invalid value: {Quote(value)}: {detail}");

    public static FieldError NotSupported(string field, object? value, IEnumerable<string> supported) =>
        new(field, "FieldValueNotSupported",
            $"Unsupported value: {Quote(value)}: supported values: {string.Join(", ", supported.Select(s => $"\"{s}\""))}");

    public static FieldError Duplicate(string field, object? value) => new(field, "FieldValueDuplicate", $"Duplicate value: {Quote(value)}");

    public static FieldError Forbidden(string field, string detail) => new(field, "FieldValueForbidden", $"Forbidden: {detail}");

    public static FieldError Immutable(string field) =>
        new(field, "FieldValueInvalid", "Invalid value: field is immutable");

    public static FieldError TooLong(string field, int max) =>
        new(field, "FieldValueTooLong", $"Too long: may not be more than {max} bytes");

    private static string Quote(object? value) => value switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>"spec.containers[0].image: Required value", the form kubectl prints.</summary>
    public override string ToString() => $"{Field}: {Detail}";
}

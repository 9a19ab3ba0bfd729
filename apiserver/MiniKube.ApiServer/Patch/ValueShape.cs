namespace MiniKube.ApiServer.Patch;

/// <summary>What kind of JSON value the API type expects at some place in an object.</summary>
internal enum ValueShape
{
    /// <summary>A string, number, bool, timestamp, quantity or int-or-string: always replaced as a whole.</summary>
    Scalar,

    /// <summary>A Go struct such as PodSpec: a JSON object whose member names are fixed by the type.</summary>
    Struct,

    /// <summary>A Go map such as labels: a JSON object whose keys are free-form and whose values share one type.</summary>
    Map,

    /// <summary>A JSON array; see <see cref="ListStrategy"/> for how it merges.</summary>
    List,

    /// <summary>Not described by the type (a field the model lacks, or a free-form <c>object</c>): treated like plain JSON.</summary>
    Unknown,
}

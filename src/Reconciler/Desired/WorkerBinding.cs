using System.Text.Json.Serialization;

namespace McpSaas.Reconciler.Desired;

/// <summary>
/// A binding of a Worker (worker-contract.md, "Bindings"). A closed set: the platforms render each kind.
/// Secret bindings carry a reference and a version, never a value: values are resolved only at deploy time.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(JsonBinding), "json")]
[JsonDerivedType(typeof(PlainTextBinding), "plain_text")]
[JsonDerivedType(typeof(SecretTextBinding), "secret_text")]
[JsonDerivedType(typeof(DurableObjectBinding), "durable_object_namespace")]
public abstract record WorkerBinding(string Name);

/// <summary>A <c>json</c> binding; <see cref="Json"/> is canonical JSON text.</summary>
public sealed record JsonBinding(string Name, string Json) : WorkerBinding(Name);

public sealed record PlainTextBinding(string Name, string Text) : WorkerBinding(Name);

/// <summary>A <c>secret_text</c> binding: where its value comes from and which version of it, never the value.</summary>
public sealed record SecretTextBinding(string Name, SecretSource Source) : WorkerBinding(Name);

/// <summary>A Durable Object namespace implemented by a class of the Worker's own entry module.</summary>
public sealed record DurableObjectBinding(string Name, string ClassName) : WorkerBinding(Name);

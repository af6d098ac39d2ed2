import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { MethodscopeError } from "../errors.js";
import {
  DEFAULT_OLLAMA_HOST,
  DEFAULT_OPENAI_BASE_URL,
  type LlmSpec,
  parseLlmSpec as parseFull,
  providerId,
  publicAddress,
} from "./spec.js";

/** The spec with each endpoint as its address (the credential-free parts are tested below). */
function parseLlmSpec(text: string) {
  const spec: LlmSpec = parseFull(text);
  if (spec.kind === "gguf") return spec;
  const { endpoints, ...rest } = spec;
  const urls = endpoints.map((e) => e.url);
  return spec.kind === "openai" ? { ...rest, baseURLs: urls } : { ...rest, hosts: urls };
}

describe("parseLlmSpec", () => {
  test("openai with and without a base URL", () => {
    assert.deepEqual(parseLlmSpec("openai:gpt-4o-mini"), {
      kind: "openai",
      model: "gpt-4o-mini",
      baseURLs: [DEFAULT_OPENAI_BASE_URL],
      addressGiven: false,
    });
    assert.deepEqual(parseLlmSpec("openai:meta-llama/Llama-3.1-8B-Instruct@http://127.0.0.1:8000/v1/"), {
      kind: "openai",
      model: "meta-llama/Llama-3.1-8B-Instruct",
      baseURLs: ["http://127.0.0.1:8000/v1"],
      addressGiven: true,
    });
  });

  test("several base URLs for one model, duplicates dropped", () => {
    const spec = parseLlmSpec("openai:llama3@http://a:8000/v1, http://b:8000/v1,http://a:8000/v1");
    assert.equal(spec.kind, "openai");
    assert.deepEqual("baseURLs" in spec && spec.baseURLs, ["http://a:8000/v1", "http://b:8000/v1"]);
  });

  test("ollama model names keep their ':' tag; bare hosts get http:// and port 11434", () => {
    assert.deepEqual(parseLlmSpec("ollama:llama3.1:8b"), {
      kind: "ollama",
      model: "llama3.1:8b",
      hosts: [DEFAULT_OLLAMA_HOST],
      addressGiven: false,
    });
    const cases: [string, string, string[]][] = [
      ["ollama:llama3.1:8b@gpu", "llama3.1:8b", ["http://gpu:11434"]],
      ["ollama:llama3.1:8b@gpu:8080", "llama3.1:8b", ["http://gpu:8080"]],
      [
        "ollama:llama3.1:8b-instruct-q4_K_M@http://10.0.0.5:11434",
        "llama3.1:8b-instruct-q4_K_M",
        ["http://10.0.0.5:11434"],
      ],
      ["ollama:qwen2.5:7b@localhost,http://b:11434", "qwen2.5:7b", ["http://localhost:11434", "http://b:11434"]],
      ["ollama:hf.co/org/model:Q4@https://ollama.example.org", "hf.co/org/model:Q4", ["https://ollama.example.org"]],
    ];
    for (const [spec, model, hosts] of cases) {
      assert.deepEqual(parseLlmSpec(spec), { kind: "ollama", model, hosts, addressGiven: true }, spec);
    }
  });

  test("'@' inside a URL's credentials or inside the model name", () => {
    const withCreds = parseLlmSpec("ollama:llama3:8b@http://user:pw@gpu:11434");
    assert.equal(withCreds.kind === "ollama" && withCreds.model, "llama3:8b");
    assert.deepEqual("hosts" in withCreds && withCreds.hosts, ["http://gpu:11434"]);
    const atModel = parseLlmSpec("openai:team@v2@http://h:1/v1");
    assert.equal(atModel.kind === "openai" && atModel.model, "team@v2");
  });

  test("gguf keeps the whole path, ':' and '@' included", () => {
    assert.deepEqual(parseLlmSpec("gguf:/models/a@b:c.gguf"), { kind: "gguf", path: "/models/a@b:c.gguf" });
    assert.deepEqual(parseLlmSpec("GGUF:C:\\m\\x.gguf"), { kind: "gguf", path: "C:\\m\\x.gguf" });
  });

  test("bad specs are usage errors that show the expected form", () => {
    const bad = [
      ["llama3", /no provider prefix/],
      ["vllm:llama3", /unknown provider "vllm"/],
      ["openai:", /model name is missing/],
      ["openai:@http://h/v1", /model name is missing/],
      ["gguf:", /path is missing/],
      ["openai:llama3@localhost:8000/v1", /must start with http:\/\/ or https:\/\//],
      ["ollama:llama3@http://", /not a valid host/],
    ] as const;
    for (const [spec, why] of bad) {
      assert.throws(
        () => parseLlmSpec(spec),
        (e: unknown) =>
          e instanceof MethodscopeError &&
          e.code === "usage" &&
          why.test(e.message) &&
          e.message.includes("openai:<model>"),
        spec,
      );
    }
  });
});

test("ids and messages never show URL credentials, but show that there were some", () => {
  assert.equal(publicAddress("http://user:secret@gpu:11434"), "http://***@gpu:11434");
  assert.equal(providerId("ollama", "m:1", ["http://u:p@a:1", "http://b:2"]), "ollama:m:1@http://***@a:1,http://b:2");
});

test("credentials are split off the address where the spec is parsed", () => {
  const spec = parseFull("openai:m@http://alice:s3cret-pw@h:8000/v1?api_key=k3y-value&v=2");
  assert.equal(spec.kind, "openai");
  const [endpoint] = spec.kind === "openai" ? spec.endpoints : [];
  assert.equal(endpoint?.url, "http://h:8000/v1");
  assert.equal(endpoint?.shown, "http://***@h:8000/v1?api_key=***&v=2");
  assert.deepEqual(endpoint?.headers, { Authorization: `Basic ${Buffer.from("alice:s3cret-pw").toString("base64")}` });
  assert.deepEqual(endpoint?.query, { api_key: "k3y-value", v: "2" });
  const shown = JSON.stringify({ ...spec, endpoints: spec.kind === "openai" && spec.endpoints.map((e) => e.shown) });
  assert.ok(!/s3cret|alice|k3y-value/.test(shown), shown);
});

test("a bad spec's message does not echo its credentials", () => {
  assert.throws(
    () => parseFull("openai:m@http://alice:s3cret-pw@h:99999/v1"),
    (e: unknown) => e instanceof MethodscopeError && !/s3cret|alice/.test(e.message) && /\*\*\*@/.test(e.message),
  );
});

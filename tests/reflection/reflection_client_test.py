#!/usr/bin/python3
"""A client nobody on this project wrote uses the API without our .proto files.

Debian's python3-grpcio talks to the real ingest binary. Its reflection and
health stubs are generated at test time by python3-grpc-tools from Debian's
grpc-proto package. Through server reflection (v1 and v1alpha) the test lists
the services, fetches the descriptors of newsgraph.v1.IngestService, builds
the message classes from them, and calls IngestDocument and GetDocument.
Health Check must answer SERVING.
"""
import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time


def generate_stubs(grpc_proto_dir, out_dir):
    """Generates Python stubs into out_dir/{rv1,rv1alpha,hv1}.

    The protos are copied under new folder names first: generated modules
    named after their folders (grpc/reflection/...) would collide with the
    installed grpc package. The proto packages, and so the service names on
    the wire, stay grpc.reflection.v1, grpc.reflection.v1alpha, grpc.health.v1.
    """
    import shutil
    from grpc_tools import protoc
    copies = {"rv1": "grpc/reflection/v1/reflection.proto",
              "rv1alpha": "grpc/reflection/v1alpha/reflection.proto",
              "hv1": "grpc/health/v1/health.proto"}
    for folder, proto in copies.items():
        os.makedirs(os.path.join(out_dir, folder), exist_ok=True)
        target = os.path.join(folder, os.path.basename(proto))
        shutil.copy(os.path.join(grpc_proto_dir, proto), os.path.join(out_dir, target))
        rc = protoc.main(["protoc", f"-I{out_dir}", f"--python_out={out_dir}",
                          f"--grpc_python_out={out_dir}", target])
        if rc != 0:
            raise RuntimeError(f"protoc failed for {proto}")
    sys.path.insert(0, out_dir)


def start_ingest(binary, work_dir):
    port_file = os.path.join(work_dir, "ingest.port")
    log = open(os.path.join(work_dir, "ingest.log"), "wb")
    process = subprocess.Popen(
        [binary, "--listen=127.0.0.1:0", f"--port_file={port_file}",
         f"--data_dir={os.path.join(work_dir, 'data')}"], stdout=log, stderr=log)
    deadline = time.time() + 30
    while time.time() < deadline:
        if os.path.exists(port_file):
            with open(port_file) as f:
                text = f.read().strip()
            if text:
                return process, int(text)
        if process.poll() is not None:
            raise RuntimeError("ingest exited during start")
        time.sleep(0.05)
    process.kill()
    raise RuntimeError("ingest did not start")


def reflect(channel, pb2, pb2_grpc):
    """Lists services and returns the FileDescriptorProtos for IngestService."""
    from google.protobuf import descriptor_pb2
    stub = pb2_grpc.ServerReflectionStub(channel)
    requests = [pb2.ServerReflectionRequest(list_services=""),
                pb2.ServerReflectionRequest(file_containing_symbol="newsgraph.v1.IngestService")]
    responses = list(stub.ServerReflectionInfo(iter(requests), timeout=10))
    services = [s.name for s in responses[0].list_services_response.service]
    files = []
    for raw in responses[1].file_descriptor_response.file_descriptor_proto:
        proto = descriptor_pb2.FileDescriptorProto()
        proto.ParseFromString(raw)
        files.append(proto)
    return services, files


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--ingest_binary", required=True)
    parser.add_argument("--grpc_proto_dir", default="/usr/share/grpc-proto")
    args = parser.parse_args()

    import grpc
    from google.protobuf import descriptor_pool, message_factory

    with tempfile.TemporaryDirectory(prefix="newsgraph-reflection-") as work_dir:
        generate_stubs(args.grpc_proto_dir, os.path.join(work_dir))
        from rv1 import reflection_pb2 as v1_pb2
        from rv1 import reflection_pb2_grpc as v1_grpc
        from rv1alpha import reflection_pb2 as v1alpha_pb2
        from rv1alpha import reflection_pb2_grpc as v1alpha_grpc
        from hv1 import health_pb2, health_pb2_grpc

        process, port = start_ingest(args.ingest_binary, work_dir)
        failures = []
        try:
            channel = grpc.insecure_channel(f"127.0.0.1:{port}")
            grpc.channel_ready_future(channel).result(timeout=10)

            for name, pb2, pb2_grpc in (("v1", v1_pb2, v1_grpc),
                                        ("v1alpha", v1alpha_pb2, v1alpha_grpc)):
                services, files = reflect(channel, pb2, pb2_grpc)
                for expected in ("newsgraph.v1.IngestService", "grpc.health.v1.Health",
                                 "grpc.reflection.v1.ServerReflection",
                                 "grpc.reflection.v1alpha.ServerReflection"):
                    if expected not in services:
                        failures.append(f"{name}: {expected} missing from {services}")
                if not any(f.name == "newsgraph/v1/ingest.proto" for f in files):
                    failures.append(f"{name}: ingest.proto not returned")

            # Describe a method and call it with classes built from reflection.
            _, files = reflect(channel, v1_pb2, v1_grpc)
            pool = descriptor_pool.DescriptorPool()
            for proto in files:
                pool.Add(proto)
            service = pool.FindServiceByName("newsgraph.v1.IngestService")
            method = service.FindMethodByName("IngestDocument")
            if method.input_type.full_name != "newsgraph.v1.IngestDocumentRequest":
                failures.append(f"unexpected input type {method.input_type.full_name}")
            comment_fields = [f.name for f in method.input_type.fields]
            for field in ("content", "content_type", "request_id"):
                if field not in comment_fields:
                    failures.append(f"IngestDocumentRequest lacks {field}")

            def message_class(descriptor):
                if hasattr(message_factory, "GetMessageClass"):
                    return message_factory.GetMessageClass(descriptor)
                return message_factory.MessageFactory(pool).GetPrototype(descriptor)

            request_class = message_class(method.input_type)
            response_class = message_class(method.output_type)
            ingest = channel.unary_unary(
                "/newsgraph.v1.IngestService/IngestDocument",
                request_serializer=request_class.SerializeToString,
                response_deserializer=response_class.FromString)
            article = ("Hospital beds added in Aktobe\n\n"
                       "The regional health department said 120 beds were added in Aktobe "
                       "this month, and nurses would be hired before winter.\n\n"
                       "Officials expect the new wing to serve 40,000 residents.\n")
            response = ingest(request_class(content=article.encode(), content_type="text/plain",
                                            request_id="python-client-1"), timeout=10)
            if not response.doc_id.startswith("doc-"):
                failures.append(f"IngestDocument returned {response}")

            get_method = service.FindMethodByName("GetDocument")
            get_class = message_class(get_method.input_type)
            document_class = message_class(get_method.output_type)
            get = channel.unary_unary(
                "/newsgraph.v1.IngestService/GetDocument",
                request_serializer=get_class.SerializeToString,
                response_deserializer=document_class.FromString)
            document = get(get_class(doc_id=response.doc_id), timeout=10)
            if "120 beds" not in document.body:
                failures.append(f"GetDocument body is {document.body!r}")
            try:
                get(get_class(doc_id="doc-missing"), timeout=10)
                failures.append("GetDocument of an unknown id succeeded")
            except grpc.RpcError as error:
                if error.code() != grpc.StatusCode.NOT_FOUND:
                    failures.append(f"unknown id gave {error.code()}")

            health = health_pb2_grpc.HealthStub(channel)
            for service_name in ("", "newsgraph.v1.IngestService"):
                status = health.Check(health_pb2.HealthCheckRequest(service=service_name),
                                      timeout=10).status
                if status != health_pb2.HealthCheckResponse.SERVING:
                    failures.append(f"health of {service_name!r} is {status}")
            channel.close()
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                code = process.wait(timeout=30)
                if code != 0:
                    failures.append(f"ingest exited with {code} after SIGTERM")
            except subprocess.TimeoutExpired:
                process.kill()
                failures.append("ingest did not stop within 30 s of SIGTERM")

    for failure in failures:
        print("FAIL:", failure)
    print("reflection client:", "1 passed, 0 failed" if not failures else "0 passed, 1 failed")
    return 0 if not failures else 1


if __name__ == "__main__":
    sys.exit(main())

#include "common/metrics/scrape_for_test.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace newsgraph {

absl::StatusOr<HttpResponse> HttpRequestForTest(int port, const std::string& method,
                                                const std::string& path) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return absl::InternalError("socket failed");
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof(timeout));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    close(fd);
    return absl::UnavailableError(absl::StrCat("cannot connect to port ", port));
  }
  const std::string request = absl::StrCat(method, " ", path, " HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n");
  if (send(fd, request.data(), request.size(), MSG_NOSIGNAL) != static_cast<ssize_t>(request.size())) {
    close(fd);
    return absl::UnavailableError("send failed");
  }
  std::string reply;
  char buffer[8192];
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof(buffer), 0);
    if (n < 0) {
      close(fd);
      return absl::DeadlineExceededError("recv failed or timed out");
    }
    if (n == 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  close(fd);
  const size_t end = reply.find("\r\n\r\n");
  HttpResponse response;
  // "HTTP/1.1 200 OK"
  if (end == std::string::npos || reply.size() < 12 ||
      !absl::SimpleAtoi(reply.substr(9, 3), &response.status)) {
    return absl::DataLossError(absl::StrCat("malformed reply: ", reply));
  }
  response.headers = reply.substr(0, end);
  response.body = reply.substr(end + 4);
  return response;
}

std::optional<double> SampleValue(const std::string& exposition, const std::string& series) {
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.size() <= series.size() + 1 || line.substr(0, series.size()) != series ||
        line[series.size()] != ' ') {
      continue;
    }
    const std::string value(line.substr(series.size() + 1));
    if (value == "+Inf") return HUGE_VAL;
    char* parse_end = nullptr;
    const double parsed = std::strtod(value.c_str(), &parse_end);
    if (parse_end != value.c_str()) return parsed;
  }
  return std::nullopt;
}

std::pair<double, int> SumOfFamily(const std::string& exposition, const std::string& name) {
  double sum = 0;
  int count = 0;
  for (absl::string_view line : absl::StrSplit(exposition, '\n')) {
    if (line.size() <= name.size() || line.substr(0, name.size()) != name) continue;
    const char next = line[name.size()];
    if (next != ' ' && next != '{') continue;
    const size_t space = line.rfind(' ');
    sum += std::strtod(std::string(line.substr(space + 1)).c_str(), nullptr);
    ++count;
  }
  return {sum, count};
}

}  // namespace newsgraph

// Sign-in to the web editor with a GitHub personal access token, for communes without a login
// service (Decap's GitHub backend only knows OAuth, decap-cms#7545). The token is checked against
// the API (who it is, access to the repository, write access), then stored where Decap restores a
// signed-in user from: localStorage "decap-cms-user" = {backendName: "github", token, ...}.
// The API root and repository come from Decap's own config.yml (hooks/editor.py writes it); the
// site's name and the guide's address from data attributes on <body>, never from inline script.
(function () {
  "use strict";
  var USER_KEY = "decap-cms-user";
  var signedIn = false; // by us: Decap's sign-out then brings back this form, not its OAuth page

  function ready(body) {
    var link = document.querySelector("link[rel=cms-config-url]");
    return fetch(link ? link.getAttribute("href") : "config.yml")
      .then(function (response) { return response.text(); })
      .then(function (text) { return window.jsyaml.load(text) || {}; })
      .catch(function () { return {}; }) // Decap reads it again and reports the problem itself
      .then(function (config) {
        var backend = config.backend || {};
        // A login service (base_url) or another backend: Decap's own sign-in page.
        if (backend.name !== "github" || backend.base_url) return null;
        var settings = {
          apiRoot: (backend.api_root || "https://api.github.com").replace(/\/+$/, ""),
          repo: backend.repo || "",
          siteName: body.getAttribute("data-site-name") || "",
          guide: body.getAttribute("data-guide") || "",
          localBackend: config.local_backend ? config.local_backend.url || "" : "",
        };
        return signIn(settings);
      });
  }

  function signIn(settings) {
    forgetOnSignOut();
    return localBackendRunning(settings).then(function (local) {
      if (local) return null; // `make admin`: Decap's own save service on this computer
      var stored = storedToken();
      var check = stored ? checkToken(settings, stored) : Promise.resolve({ problem: "" });
      return check.then(function (result) {
        if (result.user) {
          signedIn = true;
          return null;
        }
        window.localStorage.removeItem(USER_KEY);
        return askForToken(settings, result.problem);
      });
    });
  }

  function storedToken() {
    try {
      var user = JSON.parse(window.localStorage.getItem(USER_KEY) || "null");
      return user && user.backendName === "github" && user.token ? user.token : "";
    } catch (error) {
      return "";
    }
  }

  // Decap signs out by removing its stored user and then shows its own (OAuth) login page, which
  // cannot work here: show ours instead.
  function forgetOnSignOut() {
    var storage = window.localStorage;
    var remove = storage.removeItem.bind(storage);
    storage.removeItem = function (key) {
      remove(key);
      if (key === USER_KEY && signedIn) window.location.reload();
    };
  }

  function localBackendRunning(settings) {
    var local = ["127.0.0.1", "localhost"].indexOf(window.location.hostname) >= 0;
    if (!local || !settings.localBackend) return Promise.resolve(false);
    return fetch(settings.localBackend, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ action: "info" }),
    })
      .then(function (response) { return response.ok; })
      .catch(function () { return false; });
  }

  // {user} when the token may write to the repository, else {problem: a Vietnamese sentence}.
  function checkToken(settings, token) {
    var headers = { Authorization: "token " + token, Accept: "application/vnd.github+json" };
    var offline = { problem: "Không kết nối được tới GitHub. Kiểm tra mạng rồi bấm Đăng nhập lại." };
    return fetch(settings.apiRoot + "/user", { headers: headers })
      .then(function (response) {
        if (response.status === 401) {
          return { problem: "Mã truy cập không đúng hoặc đã hết hạn. Tạo mã mới theo hướng dẫn bên dưới rồi dán lại." };
        }
        if (!response.ok) return { problem: "GitHub trả lời lỗi " + response.status + ". Thử lại sau ít phút." };
        return response.json().then(function (user) {
          return fetch(settings.apiRoot + "/repos/" + settings.repo, { headers: headers }).then(function (repo) {
            if (repo.status === 404 || repo.status === 403 || repo.status === 401) {
              return {
                problem: "Mã này không được vào kho " + settings.repo + ". Khi tạo mã, ở mục Repository access chọn " +
                  "“Only select repositories” rồi chọn kho " + settings.repo + ".",
              };
            }
            if (!repo.ok) return { problem: "GitHub trả lời lỗi " + repo.status + ". Thử lại sau ít phút." };
            return repo.json().then(function (data) {
              if (!data.permissions || !data.permissions.push) {
                return {
                  problem: "Mã này chỉ có quyền đọc kho " + settings.repo + ". Sửa mã trên GitHub: mục Permissions → " +
                    "Contents chọn “Read and write”, rồi dán lại.",
                };
              }
              return { user: user };
            });
          });
        });
      })
      .catch(function () { return offline; });
  }

  function askForToken(settings, problem) {
    return new Promise(function (resolve) {
      var form = signInForm(settings);
      if (problem) form.say(problem);
      form.element.addEventListener("submit", function (event) {
        event.preventDefault();
        var token = form.token.value.trim();
        if (!token) {
          form.say("Dán mã truy cập vào ô trên.");
          return;
        }
        form.busy(true);
        checkToken(settings, token).then(function (result) {
          form.busy(false);
          if (!result.user) {
            form.say(result.problem);
            return;
          }
          var user = result.user;
          window.localStorage.setItem(
            USER_KEY,
            JSON.stringify({ backendName: "github", token: token, login: user.login, name: user.name || user.login, avatar_url: user.avatar_url })
          );
          signedIn = true;
          form.element.parentNode.removeChild(form.element);
          resolve();
        });
      });
    });
  }

  // The form, built through the DOM (no inline HTML or styles for the page's security policy).
  function signInForm(settings) {
    function node(tag, properties, children) {
      var element = document.createElement(tag);
      Object.keys(properties || {}).forEach(function (key) {
        if (key === "style") Object.assign(element.style, properties.style);
        else element[key] = properties[key];
      });
      (children || []).forEach(function (child) { element.appendChild(child); });
      return element;
    }
    var token = node("input", {
      type: "password", id: "tinxa-ma-truy-cap", name: "token", autocomplete: "off", spellcheck: false,
      style: { font: "inherit", padding: "0.6rem", width: "100%", boxSizing: "border-box", border: "1px solid #8a8f98", borderRadius: "4px" },
    });
    var message = node("p", { className: "tinxa-dang-nhap-loi", style: { color: "#b00020", minHeight: "1.5em", margin: "0.75rem 0" } });
    message.setAttribute("role", "alert");
    var button = node("button", {
      type: "submit", textContent: "Đăng nhập",
      style: { font: "inherit", fontWeight: "600", padding: "0.6rem 1.4rem", minHeight: "44px", color: "#fff", background: "#b71c1c", border: "0", borderRadius: "4px", cursor: "pointer" },
    });
    var label = node("label", { htmlFor: "tinxa-ma-truy-cap", textContent: "Mã truy cập GitHub (bắt đầu bằng github_pat_)", style: { display: "block", margin: "1rem 0 0.4rem", fontWeight: "600" } });
    var help = node("p", { style: { margin: "1rem 0 0" } }, [
      document.createTextNode("Chưa có mã? "),
      node("a", { href: settings.guide, textContent: "Cách tạo mã truy cập (5 phút, làm một lần)", target: "_blank", rel: "noopener noreferrer" }),
      document.createTextNode(". Chỉ dùng mã trên máy tính của cơ quan; mất máy thì thu hồi mã ngay trên GitHub."),
    ]);
    var form = node("form", {
      className: "tinxa-dang-nhap",
      style: { maxWidth: "28rem", margin: "10vh auto", padding: "1.5rem", font: "17px/1.5 system-ui, sans-serif", color: "#1f1f1f" },
    }, [
      node("h1", { textContent: settings.siteName || "Trình soạn bài", style: { fontSize: "1.5rem", margin: "0 0 0.25rem" } }),
      node("h2", { textContent: "Đăng nhập bằng mã truy cập", style: { fontSize: "1.15rem", fontWeight: "600", margin: "0" } }),
      label, token, message, button, help,
    ]);
    document.body.appendChild(form);
    token.focus();
    return {
      element: form,
      token: token,
      say: function (text) { message.textContent = text; },
      busy: function (on) {
        button.disabled = on;
        button.textContent = on ? "Đang kiểm tra mã…" : "Đăng nhập";
        if (on) message.textContent = "";
      },
    };
  }

  window.TinXaSignIn = { ready: ready, checkToken: checkToken };
})();

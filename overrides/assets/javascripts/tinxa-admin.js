// The web editor at /admin/: Decap CMS in Vietnamese, then started; photos are shrunk and cleaned
// in the browser before they are uploaded (tinxa-photo-intake.js, loaded just before this file).
// Decap's own "vi" locale leaves these strings in English (decap-cms-locales 3.16.3); they are
// merged over it, so whatever Decap translates itself is kept.
(function () {
  "use strict";
  var missing = {
    auth: { loginWithAzure: "Đăng nhập bằng Azure", loginWithForgejo: "Đăng nhập bằng Forgejo" },
    collection: {
      collectionTop: { viewAsList: "Xem dạng danh sách", viewAsGrid: "Xem dạng lưới", groupBy: "Nhóm theo" },
      entries: { unpublishedHeader: "Bài chưa đăng" },
      groups: { other: "Khác", negateLabel: "Không phải %{label}" },
    },
    editor: {
      editorControl: { field: { widgetLabel: "Ô %{widgetLabel}" } },
      editorControlPane: {
        i18n: {
          writingInLocale: "Đang viết bằng %{locale}",
          copyFromLocale: "Điền từ ngôn ngữ khác",
          copyFromLocaleConfirm: "Điền nội dung từ ngôn ngữ %{locale}?\nMọi nội dung hiện có sẽ bị thay thế.",
        },
      },
      editorInterface: {
        toggleI18n: "Bật/tắt đa ngôn ngữ",
        togglePreview: "Bật/tắt xem trước",
        toggleScrollSync: "Cuộn cùng nhau",
        toggleNotes: "Bật/tắt ghi chú",
      },
      editorNotesPane: {
        title: "Ghi chú",
        emptyState: "Chưa có ghi chú nào. Thêm ghi chú đầu tiên ở bên dưới.",
        addNote: "Thêm ghi chú",
        addPlaceholder: "Viết ghi chú...",
        editPlaceholder: "Sửa ghi chú...",
        save: "Lưu",
        cancel: "Huỷ",
        edit: "Sửa",
        delete: "Xoá",
        resolve: "Đã xử lý",
        unresolve: "Chưa xử lý",
        confirmDelete: "Bạn chắc chắn muốn xoá ghi chú này?",
        shortcut: "Mẹo: bấm Ctrl+Enter để thêm ghi chú nhanh",
      },
      editorToolbar: {
        statusInfoTooltipDraft: "Bài đang là bản nháp. Để gửi duyệt, chuyển trạng thái sang “Chờ duyệt”",
        statusInfoTooltipInReview: "Bài đang được duyệt, không cần làm gì thêm. Bạn vẫn có thể sửa trong lúc chờ duyệt.",
      },
      editorWidgets: {
        markdown: {
          bold: "Chữ đậm",
          italic: "Chữ nghiêng",
          strikethrough: "Gạch ngang",
          code: "Mã",
          link: "Liên kết",
          linkPrompt: "Nhập địa chỉ của liên kết",
          headings: "Đề mục",
          quote: "Trích dẫn",
          bulletedList: "Danh sách gạch đầu dòng",
          numberedList: "Danh sách đánh số",
          addComponent: "Thêm thành phần",
          toggleMode: { rich: "Chuyển sang soạn thảo thường", markdown: "Chuyển sang soạn Markdown" },
        },
        image: {
          chooseMultiple: "Chọn ảnh",
          chooseUrl: "Chèn từ địa chỉ mạng",
          replaceUrl: "Thay bằng địa chỉ mạng",
          promptUrl: "Nhập địa chỉ của ảnh",
          addMore: "Thêm ảnh",
          removeAll: "Bỏ tất cả ảnh",
        },
        file: {
          chooseUrl: "Chèn từ địa chỉ mạng",
          chooseMultiple: "Chọn tệp",
          replaceUrl: "Thay bằng địa chỉ mạng",
          promptUrl: "Nhập địa chỉ của tệp",
          addMore: "Thêm tệp",
          removeAll: "Bỏ tất cả tệp",
        },
        datetime: { setToNow: "Lấy giờ hiện tại" },
        list: { add: "Thêm %{item}", addType: "Thêm %{item}" },
        object: { expand: "Mở ra", collapse: "Thu gọn" },
      },
    },
    mediaLibrary: {
      mediaLibraryCard: {
        copy: "Sao chép",
        copyUrl: "Sao chép địa chỉ",
        copyPath: "Sao chép đường dẫn",
        copyName: "Sao chép tên",
        copied: "Đã sao chép",
      },
      mediaLibraryModal: { close: "Đóng" },
    },
    ui: {
      settingsDropdown: { account: "Tuỳ chọn tài khoản" },
      toast: {
        noteAdded: "Đã thêm ghi chú",
        onFailToAddNote: "Không thêm được ghi chú: %{details}",
        noteUpdated: "Đã sửa ghi chú",
        onFailToUpdateNote: "Không sửa được ghi chú: %{details}",
        noteDeleted: "Đã xoá ghi chú",
        onFailToDeleteNote: "Không xoá được ghi chú: %{details}",
        noteResolved: "Đã đánh dấu xử lý xong",
        noteReopened: "Đã mở lại ghi chú",
        onFailToToggleNote: "Không đổi được trạng thái ghi chú: %{details}",
      },
    },
  };

  // Decap's own Vietnamese, changed: "＋" (U+FF0B) is a missing-glyph box in some fonts, and the
  // media dialog's buttons say what they do to the photo.
  var DELETE_QUESTION = "Xoá hẳn ảnh đã chọn khỏi trang? Bài nào đang dùng ảnh này sẽ mất ảnh.";
  var changed = {
    collection: { collectionTop: { newButton: "+ %{collectionLabel}" } },
    mediaLibrary: {
      mediaLibrary: { onDelete: DELETE_QUESTION },
      mediaLibraryModal: { chooseSelected: "Dùng ảnh này", deleteSelected: "Xoá ảnh đã chọn…" },
    },
  };

  function replaced(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" ? replaced(out[key], value) : value;
    });
    return out;
  }

  // Decap asks DELETE_QUESTION without saying which photo; the question names it. The selected
  // photo is the card in the media dialog whose border is not Decap's plain field border (#dfdfe3
  // in 3.16.3); if that cannot be told, the question stays as it is.
  function nameThePhotoToDelete() {
    var ask = window.confirm;
    var PLAIN_BORDER = "rgb(223, 223, 227)";
    function selectedName() {
      var cards = Array.prototype.slice.call(document.querySelectorAll('[role="dialog"] [class*="-Card "]'));
      var picked = cards.filter(function (card) { return getComputedStyle(card).borderTopColor !== PLAIN_BORDER; });
      var name = picked.length === 1 && picked[0].querySelector('[class*="-CardText"]');
      return name ? name.textContent.trim() : "";
    }
    window.confirm = function (message) {
      var name = message === DELETE_QUESTION ? selectedName() : "";
      if (name) message = "Xoá hẳn ảnh “" + name + "” khỏi trang? Bài nào đang dùng ảnh này sẽ mất ảnh.";
      return ask.call(window, message);
    };
  }

  function merged(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" ? merged(out[key], value) : out[key] || value;
    });
    return out;
  }

  window.CMS.registerLocale("vi", merged(replaced(window.CMS.getLocale("vi"), changed), missing));
  nameThePhotoToDelete();
  // Posts are read and written by this format rather than Decap's own front matter one, so a post
  // written by hand opens too: a gallery given as a folder (kept as it is unless photos are added)
  // or as bare file names (read as {src}). js-yaml's JSON schema keeps dates as text, as the build does.
  var FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
  var yaml = window.jsyaml;
  // The list shows each post's date as DD/MM/YYYY through Decap's date filter, which reads only ISO
  // dates: a hand-written "16/01/2024" showed "(Invalid Date)". The list reads this field instead,
  // the date in ISO form; it is never written to the file, whose date text stays as it was.
  var LIST_DATE = "tinxa_ngay_danh_sach";
  var DAY_FIRST = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:[ T,]+(\d{1,2})[:h](\d{2}))?$/; // as hooks/dates.py
  function pad(number) { return (number.length < 2 ? "0" : "") + number; }
  function listDate(date) {
    var text = String(date === undefined || date === null ? "" : date).trim();
    var parts = text.match(DAY_FIRST);
    if (!parts) return text;
    var day = parts[3] + "-" + pad(parts[2]) + "-" + pad(parts[1]);
    return parts[4] ? day + "T" + pad(parts[4]) + ":" + parts[5] : day;
  }
  window.CMS.registerCustomFormat("tinxa-bai-viet", "md", {
    fromFile: function (content) {
      var match = content.match(FRONT_MATTER);
      var data = (match && yaml.load(match[1], { schema: yaml.JSON_SCHEMA })) || {};
      data.body = match ? content.slice(match[0].length) : content;
      data[LIST_DATE] = listDate(data.date);
      if (typeof data.gallery === "string") {
        data.gallery_folder = data.gallery;
        data.gallery = [];
      } else if (Array.isArray(data.gallery)) {
        data.gallery = data.gallery.map(function (item) { return typeof item === "string" ? { src: item } : item; });
      }
      return data;
    },
    toFile: function (data, order) {
      var meta = {};
      var written = {};
      written[LIST_DATE] = true;
      (order || []).concat(Object.keys(data)).forEach(function (key) {
        if (key !== "body" && !written[key] && !(key in meta) && data[key] !== undefined && data[key] !== null) meta[key] = data[key];
      });
      if (meta.gallery_folder) {
        if (!meta.gallery || !meta.gallery.length) meta.gallery = meta.gallery_folder;
        delete meta.gallery_folder;
      }
      var body = data.body || "";
      return "---\n" + yaml.dump(meta, { schema: yaml.JSON_SCHEMA, lineWidth: -1 }) + "---\n" + body;
    },
  });

  // A photo in the body, in Vietnamese; it replaces Decap's image and code blocks (English labels,
  // and code fences are not enabled on the site). Written as plain Markdown: ![mô tả](anh.jpg).
  function attribute(text) {
    return String(text || "").replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
  }
  // The post's date, always shown day first with a 24-hour time ("28/11/2026 08:30"). Decap's own
  // date widget is the browser's date box, which follows the browser's language (mm/dd/yyyy and
  // AM/PM on an English one) whatever its date_format says. Saved as "2026-11-28 08:30" (a form
  // hooks/dates.py reads, and the one the post's file name is made from); a date the officer did
  // not touch is saved as it was written.
  var ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/;
  function two(number) { return (number < 10 ? "0" : "") + number; }
  function dateParts(text) {
    text = String(text === undefined || text === null ? "" : text).trim();
    var day = text.match(DAY_FIRST);
    var iso = text.match(ISO);
    var parts = day ? [day[3], day[2], day[1], day[4], day[5]] : iso ? [iso[1], iso[2], iso[3], iso[4], iso[5]] : null;
    if (!parts) return null;
    var n = parts.map(function (part) { return part === undefined ? undefined : Number(part); });
    var check = new Date(n[0], n[1] - 1, n[2]);
    if (check.getFullYear() !== n[0] || check.getMonth() !== n[1] - 1 || check.getDate() !== n[2]) return null;
    if (n[3] !== undefined && (n[3] > 23 || n[4] > 59)) return null;
    return { year: n[0], month: n[1], day: n[2], hour: n[3], minute: n[4] };
  }
  function savedDate(parts) {
    var day = parts.year + "-" + two(parts.month) + "-" + two(parts.day);
    return parts.hour === undefined ? day : day + " " + two(parts.hour) + ":" + two(parts.minute);
  }
  function shownDate(value) {
    var parts = ISO.test(String(value || "").trim()) && dateParts(value);
    if (!parts) return String(value === undefined || value === null ? "" : value);
    var day = two(parts.day) + "/" + two(parts.month) + "/" + parts.year;
    return parts.hour === undefined ? day : day + " " + two(parts.hour) + ":" + two(parts.minute);
  }
  function now() {
    var at = new Date();
    return savedDate({ year: at.getFullYear(), month: at.getMonth() + 1, day: at.getDate(), hour: at.getHours(), minute: at.getMinutes() });
  }
  var h = window.h;
  var DateControl = window.createClass({
    getInitialState: function () { return { text: shownDate(this.props.value) }; },
    componentDidMount: function () {
      if (this.props.value === "{{now}}") this.set(now());
    },
    componentDidUpdate: function (previous) {
      // A value set from outside (a new post's default, "Lấy giờ hiện tại"): show it.
      if (previous.value !== this.props.value && this.props.value !== this.sent) this.setState({ text: shownDate(this.props.value) });
    },
    set: function (value) {
      this.sent = value;
      this.setState({ text: shownDate(value) });
      this.props.onChange(value);
    },
    isValid: function () {
      if (!this.state.text.trim() || dateParts(this.state.text)) return true;
      return { error: { message: "Ngày chưa đúng: viết ngày/tháng/năm, có thể thêm giờ:phút, ví dụ 28/11/2026 08:30." } };
    },
    render: function () {
      var self = this;
      var props = this.props;
      return h("div", { className: props.classNameWrapper, style: { display: "flex", gap: "1rem", alignItems: "center" } },
        h("input", {
          id: props.forID,
          type: "text",
          inputMode: "numeric",
          placeholder: "ngày/tháng/năm giờ:phút, ví dụ 28/11/2026 08:30",
          value: this.state.text,
          style: { flex: "1 1 auto", minWidth: "0", border: "0", outline: "none", font: "inherit", background: "transparent" },
          onFocus: props.setActiveStyle,
          onBlur: props.setInactiveStyle,
          onChange: function (event) {
            var text = event.target.value;
            var parts = dateParts(text);
            self.sent = parts ? savedDate(parts) : text;
            self.setState({ text: text });
            props.onChange(self.sent);
          },
        }),
        h("button", {
          type: "button",
          style: { flex: "none", font: "inherit", cursor: "pointer" },
          onClick: function () { self.set(now()); },
        }, "Lấy giờ hiện tại")
      );
    },
  });
  window.CMS.registerWidget("tinxa-ngay", DateControl, window.createClass({
    render: function () { return h("span", null, shownDate(this.props.value)); },
  }));

  // A date changed in the form reaches the list too, without reopening the post. A new post whose
  // file name (date and title, as POST_FILE in hooks/editor.py) is taken by a post already on the
  // site would quietly become "…-1.md" with a second photo folder: the officer is asked first, and
  // saying no keeps the form as it is, unsaved.
  var SAME_POST = "Trang đã có bài “%s” cùng ngày. Vẫn đăng thành một bài thứ hai?\n" +
    "(Muốn sửa bài đã có thì bấm Huỷ, quay lại danh sách và mở bài đó.)";
  window.CMS.registerEventListener({
    name: "preSave",
    handler: function (event) {
      var data = event.entry.get("data");
      var saved = data.set(LIST_DATE, listDate(data.get("date")));
      var parts = dateParts(data.get("date"));
      if (!event.entry.get("newRecord") || !parts || typeof fetch !== "function") return saved;
      var name = savedDate({ year: parts.year, month: parts.month, day: parts.day }) + "-" +
        slugOf(data.get("title") || "").slice(0, 60);
      var address = new URL("../" + document.body.getAttribute("data-news") + name + "/", window.location.href);
      return fetch(address.href, { method: "HEAD", cache: "no-store" })
        .then(function (response) { return response.ok; }, function () { return false; })
        .then(function (taken) {
          if (taken && !window.confirm(SAME_POST.replace("%s", data.get("title")))) {
            throw new Error("chưa lưu, vì trang đã có bài cùng tên và ngày");
          }
          return saved;
        });
    },
  });

  window.CMS.registerEditorComponent({
    id: "tinxa-anh",
    label: "Ảnh trong bài",
    fields: [
      { name: "src", label: "Ảnh", widget: "image", choose_url: false },
      { name: "alt", label: "Mô tả ảnh (đọc cho người khiếm thị)", widget: "string", required: false },
    ],
    pattern: /^!\[([^\]]*)\]\(([^)\s]+)\)$/,
    fromBlock: function (match) { return { alt: match[1], src: match[2] }; },
    toBlock: function (data) { return "![" + (data.alt || "").replace(/[[\]]/g, "") + "](" + (data.src || "") + ")"; },
    toPreview: function (data, getAsset) {
      var src = data.src && getAsset ? getAsset(data.src) : data.src;
      return '<img src="' + attribute(src) + '" alt="' + attribute(data.alt) + '">';
    },
  });

  // The preview beside the form: readable text, photos no wider than the pane.
  window.CMS.registerPreviewStyle(
    "body{font:17px/1.6 system-ui,sans-serif;color:#1f1f1f;margin:0 1rem;max-width:42rem}" +
      "img{max-width:100%;height:auto}h1{font-size:1.6rem;line-height:1.3}",
    { raw: true }
  );
  watchPhotoUploads(window.TinXaPhotos);
  followTheSlug();
  // Inside another site's frame the editor never starts: that site could trick an officer into
  // clicks (a policy's frame-ancestors cannot be set from a <meta>, and GitHub Pages sends no header).
  if (window.top !== window.self) {
    document.body.textContent = "Trình soạn bài chỉ mở trực tiếp, không mở bên trong trang khác.";
    return;
  }
  // Without a login service, the officer signs in with a personal access token first
  // (tinxa-sign-in.js); Decap then restores that user from localStorage.
  window.TinXaSignIn.ready(document.body).then(function () { window.CMS.init(); });

  // Photos become masters before Decap uploads them (tinxa-photo-intake.js: upright, long side at
  // most data-photo-max-side, no GPS or other metadata). Decap's media library reads
  // event.target.files in React's onChange of its <input type="file">, and React listens on Decap's
  // root element: a change listener on window, in the capture phase, runs before it. It holds the
  // event back, makes the masters, puts them into the input and fires change again; React then
  // reads the masters as if the officer had picked them.
  function watchPhotoUploads(photos) {
    if (!photos || typeof DataTransfer !== "function" || typeof WeakSet !== "function") return;
    var body = document.body;
    var settings = {
      maxSide: Number(body.getAttribute("data-photo-max-side")) || undefined,
      quality: Number(body.getAttribute("data-photo-quality")) || undefined,
    };
    var TIMEOUT = 60000; // per photo: past this the original goes up, as for a HEIC
    var refired = new WeakSet(); // change events fired here, let through
    var latest = new WeakMap(); // input -> its latest choice: only that one is uploaded
    var status = photoStatus();
    var last = null; // the photo just handed to Decap, and its input
    keepNamesApart();

    function master(file) {
      var original = { file: file, changed: false, notice: photos.notDecodable(file.name) };
      var timer;
      var late = new Promise(function (resolve) { timer = setTimeout(resolve, TIMEOUT, original); });
      var made = Promise.resolve()
        .then(function () { return photos.master(file, settings); })
        .catch(function () { return original; });
      return Promise.race([made, late]).then(function (result) {
        clearTimeout(timer);
        return result;
      });
    }

    function mastersOf(files) {
      var results = [];
      return files.reduce(function (done, file, index) {
        return done.then(function () {
          status.working(index + 1, files.length);
          return master(file).then(function (result) { results.push(result); });
        });
      }, Promise.resolve()).then(function () { return results; });
    }

    window.addEventListener(
      "change",
      function (event) {
        var input = event.target;
        if (refired.has(event) || !(input instanceof HTMLInputElement) || input.type !== "file") return;
        if (!input.files || !input.files.length) return;
        event.stopImmediatePropagation();
        var choice = {};
        latest.set(input, choice);
        var files = Array.prototype.slice.call(input.files);
        mastersOf(files)
          .then(function (results) {
            if (latest.get(input) !== choice) return null; // picked again meanwhile: that choice wins
            var list = new DataTransfer();
            results.forEach(function (result) { list.items.add(result.file); });
            input.files = list.files;
            return results;
          })
          .catch(function () { return []; }) // the originals stay in the input and go up as they are
          .then(function (results) {
            if (results === null) return;
            latest.delete(input);
            status.done(results.map(function (result) { return result.notice; }).filter(Boolean));
            handOver(input, input.files[0]);
          });
      },
      true
    );

    function handOver(input, file) {
      last = file ? { input: input, file: file } : null;
      var again = new Event("change", { bubbles: true });
      refired.add(again);
      input.dispatchEvent(again);
    }

    // Two photos with the same name: Decap would ask, in English, whether to replace the one
    // already there. The question never shows: the new photo goes up again under a free name
    // ("01.jpg" -> "01-2.jpg", then "01-3.jpg"…), and no photo is replaced.
    function keepNamesApart() {
      var ask = window.confirm;
      var CLASH = /^(.*) already exists\. Do you want to replace it\?$/;
      window.confirm = function (message) {
        var clash = typeof message === "string" && message.match(CLASH);
        if (!clash || !last) return ask.apply(window, arguments);
        var upload = last;
        last = null;
        setTimeout(function () {
          var list = new DataTransfer();
          list.items.add(new File([upload.file], freeName(clash[1].toLowerCase()), {
            type: upload.file.type,
            lastModified: upload.file.lastModified,
          }));
          upload.input.files = list.files;
          handOver(upload.input, list.files[0]);
        }, 0);
        return false;
      };
    }
  }

  // "Xem bản hoàn chỉnh" opens the post's address, made by Decap from the collection's preview_path
  // with the file name. A post with its own "slug:" lives at that address instead (hooks/posts.py):
  // the link is set right as it is clicked. Decap shows the link only when the form is saved, so
  // the slug box holds what the file says.
  function slugOf(text) { // hooks/slug.py
    return String(text).replace(/đ/g, "d").replace(/Đ/g, "D").normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }
  function followTheSlug() {
    var LABEL = window.CMS.getLocale("vi").editor.editorToolbar.deployButtonLabel;
    document.addEventListener("click", function (event) {
      var link = event.target instanceof Element && event.target.closest("a[href]");
      var box = document.querySelector("input[id^=slug-field]");
      if (!link || !box || link.textContent.trim() !== LABEL) return;
      var slug = slugOf(box.value);
      if (slug) link.href = link.href.replace(/[^/]+\/?$/, slug + "/");
    }, true);
  }

  // "01.jpg" -> "01-2.jpg", "01-2.jpg" -> "01-3.jpg".
  function freeName(name) {
    var dot = name.lastIndexOf(".");
    var stem = dot > 0 ? name.slice(0, dot) : name;
    var extension = dot > 0 ? name.slice(dot) : "";
    var numbered = stem.match(/^(.*)-(\d{1,3})$/);
    return numbered ? numbered[1] + "-" + (Number(numbered[2]) + 1) + extension : stem + "-2" + extension;
  }

  // A small line at the bottom of the page: "Đang thu nhỏ ảnh…" while working, then any notice
  // until the officer closes it or picks another photo. Styled through the DOM, not inline CSS.
  function photoStatus() {
    var box = null;
    var text = null;
    function show(message, closable) {
      if (!box) {
        box = document.createElement("div");
        box.className = "tinxa-anh-trang-thai";
        box.setAttribute("role", "status");
        box.setAttribute("aria-live", "polite");
        Object.assign(box.style, {
          position: "fixed", left: "1rem", right: "1rem", bottom: "1rem", zIndex: "2147483000", maxWidth: "36rem",
          padding: "0.75rem 1rem", borderRadius: "6px", background: "#1f2933", color: "#fff",
          font: "15px/1.5 system-ui, sans-serif", boxShadow: "0 4px 16px rgba(0,0,0,.3)",
          display: "flex", gap: "1rem", alignItems: "flex-start",
        });
        text = document.createElement("span");
        var close = document.createElement("button");
        close.type = "button";
        close.textContent = "Đóng";
        Object.assign(close.style, {
          flex: "none", font: "inherit", color: "#1f2933", background: "#fff", border: "0", borderRadius: "4px",
          padding: "0.1rem 0.6rem", cursor: "pointer",
        });
        close.addEventListener("click", function () { box.style.display = "none"; });
        box.appendChild(text);
        box.appendChild(close);
        document.body.appendChild(box);
        box.closeButton = close;
      }
      text.textContent = message;
      box.closeButton.hidden = !closable;
      box.style.display = "flex";
    }
    return {
      working: function (index, count) {
        show("Đang thu nhỏ ảnh…" + (count > 1 ? " (" + index + "/" + count + ")" : ""), false);
      },
      done: function (notices) {
        if (notices.length) show(notices.join(" "), true);
        else if (box) box.style.display = "none";
      },
    };
  }
})();

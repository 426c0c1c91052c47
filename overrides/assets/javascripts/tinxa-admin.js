// The web editor at /admin/: Decap CMS in Vietnamese, then started.
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

  function merged(base, extra) {
    var out = {};
    Object.keys(base || {}).forEach(function (key) { out[key] = base[key]; });
    Object.keys(extra).forEach(function (key) {
      var value = extra[key];
      out[key] = value && typeof value === "object" ? merged(out[key], value) : out[key] || value;
    });
    return out;
  }

  window.CMS.registerLocale("vi", merged(window.CMS.getLocale("vi"), missing));
  // Posts are read and written by this format rather than Decap's own front matter one, so a post
  // written by hand opens too: a gallery given as a folder (kept as it is unless photos are added)
  // or as bare file names (read as {src}). js-yaml's JSON schema keeps dates as text, as the build does.
  var FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;
  var yaml = window.jsyaml;
  window.CMS.registerCustomFormat("tinxa-bai-viet", "md", {
    fromFile: function (content) {
      var match = content.match(FRONT_MATTER);
      var data = (match && yaml.load(match[1], { schema: yaml.JSON_SCHEMA })) || {};
      data.body = match ? content.slice(match[0].length) : content;
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
      (order || []).concat(Object.keys(data)).forEach(function (key) {
        if (key !== "body" && !(key in meta) && data[key] !== undefined && data[key] !== null) meta[key] = data[key];
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
  window.CMS.init();
})();

// Strings and locale-aware formatting. English and Simplified Chinese; the
// choice comes from localStorage, else navigator.language, and can be switched
// at run time (views re-render on the store's "locale" event).

// Exported for the completeness test (src/test/js/i18n.test.js); read it through t().
export const STRINGS = {
  en: {
    appName: 'Duet',
    language: 'Language',
    signIn: 'Sign in',
    signUp: 'Create account',
    signInTitle: 'Sign in to Duet',
    signUpTitle: 'Create your Duet account',
    signInSubtitle: 'Chat one-to-one with your family, team or class.',
    signUpSubtitle: 'Pick a username people can find you by.',
    noAccount: 'New here?',
    haveAccount: 'Already have an account?',
    username: 'Username',
    usernameHint: '3–32 characters: letters, digits, _ . or -',
    displayName: 'Display name (optional)',
    displayNameHint: 'Shown to your contacts. Defaults to your username.',
    password: 'Password',
    passwordHint: 'At least 8 characters.',
    signingIn: 'Signing in…',
    signingUp: 'Creating account…',
    signOut: 'Sign out',
    sections: 'Sections',
    chats: 'Chats',
    contacts: 'Contacts',
    noChats: 'No chats yet. Add a contact, then say hello.',
    findPeople: 'Find people',
    searchUsers: 'Search users by username',
    searchPlaceholder: 'Search by username',
    searchResults: 'People',
    noUsersFound: 'Nobody found with that username.',
    incomingRequests: 'Contact requests',
    outgoingRequests: 'Waiting for an answer',
    myContacts: 'My contacts',
    noContacts: 'No contacts yet. Search for a username above.',
    addContact: 'Add',
    addContactLabel: 'Send a contact request to {name}',
    requested: 'Requested',
    accept: 'Accept',
    acceptLabel: 'Accept the contact request from {name}',
    decline: 'Decline',
    declineLabel: 'Decline the contact request from {name}',
    cancelRequest: 'Cancel',
    cancelRequestLabel: 'Cancel your contact request to {name}',
    message: 'Message',
    messageContactLabel: 'Open the chat with {name}',
    alreadyContact: 'Contact',
    requestSent: 'Contact request sent to {name}.',
    nowContacts: 'You and {name} are now contacts.',
    online: 'Online',
    offline: 'Offline',
    typing: 'typing…',
    pickChat: 'Pick a chat on the left, or find people in Contacts.',
    back: 'Back to the list',
    deleteChat: 'Delete chat',
    deleteChatTitle: 'Delete the chat with {name}?',
    deleteChatBody: 'This removes the chat and its history from your list only. {name} keeps their copy of the conversation.',
    deleteChatOk: 'Delete',
    cancel: 'Cancel',
    messageHistory: 'Message history',
    messageLabel: 'Message',
    composerPlaceholder: 'Write a message',
    composerHint: 'Enter sends, Shift+Enter starts a new line.',
    send: 'Send',
    charsLeft: '{n} characters left',
    charsOver: '{n} characters too many',
    loadingOlder: 'Loading earlier messages…',
    historyStart: 'This is the start of your conversation.',
    emptyChat: 'No messages yet. Say hello!',
    loadFailed: 'Could not load messages.',
    newMessagesBelow: 'New messages ↓',
    unreadDividerOne: '1 unread message',
    unreadDividerMany: '{n} unread messages',
    notContactNotice: 'You and {name} are not contacts any more, so new messages cannot be sent. Your history stays here.',
    today: 'Today',
    yesterday: 'Yesterday',
    stateSending: 'Sending',
    stateSent: 'Sent',
    stateRead: 'Read',
    stateFailed: 'Not sent',
    retry: 'Retry',
    discard: 'Discard',
    you: 'You',
    lastMessageYou: 'You: {text}',
    newMessageFrom: 'New message from {name}: {text}',
    unreadCount: '{n} unread',
    enableNotifications: 'Turn on notifications',
    connConnecting: 'Connecting…',
    connReconnecting: 'Connection lost. Reconnecting…',
    connReconnectingIn: 'Connection lost. Reconnecting in {s} s…',
    connOffline: 'You are offline. Messages will be sent when you are back.',
    connRetryNow: 'Retry now',
    account: 'Account',
    accountButton: 'Account and security',
    close: 'Close',
    profile: 'Profile',
    displayNameLabel: 'Display name',
    displayNameEditHint: 'Shown to your contacts; they see a change at once.',
    save: 'Save',
    saving: 'Saving…',
    nameSaved: 'Display name changed.',
    changePassword: 'Change password',
    currentPassword: 'Current password',
    newPassword: 'New password',
    newPasswordHint: '8–256 characters. Your other devices will be signed out.',
    changingPassword: 'Changing…',
    passwordChanged: 'Password changed. Your other devices were signed out.',
    enterCurrentPassword: 'Enter your current password.',
    wrongCurrentPassword: 'The current password is wrong.',
    sessions: 'Where you are signed in',
    sessionsHint: 'Signing out a device ends its session there at once.',
    thisDevice: 'This device',
    unknownClient: 'Unknown device',
    sessionActiveNow: 'Active now',
    sessionLastActive: 'Last active {when}',
    sessionSignedIn: 'signed in {date}',
    signOutSession: 'Sign out',
    signOutSessionLabel: 'Sign out {client}, last active {when}',
    signOutOthers: 'Sign out everywhere else',
    signedOutOthers: 'All your other devices were signed out.',
    yourData: 'Your data',
    exportHint: 'A ZIP file of your profile, your contacts and your copy of every chat, with its pictures and files: as data (JSON) and as pages to read in a browser.',
    exportData: 'Download my data',
    exportPreparing: 'Preparing your data…',
    exportDone: 'Your data was downloaded.',
    exportBusy: 'Your data is already being prepared for a download. Wait for it to finish, then try again.',
    exportTooOften: 'You can download your data a few times an hour. Try again {when}.',
    sessionSignedOut: '{client} was signed out.',
    noOtherSessions: 'You are not signed in anywhere else.',
    loadingSessions: 'Loading…',
    sessionsLoadFailed: 'Could not load your devices.',
    justNow: 'just now',
    signedOutRevoked: 'You were signed out: this session was ended from another device, by a password change, or because it expired. Please sign in again.',
    err_invalid_username: 'Usernames are 3–32 characters: letters, digits, _ . or -.',
    err_weak_password: 'Passwords need at least 8 characters (and at most 256).',
    err_invalid_name: 'Display names are 1–64 characters, not only spaces, without control or invisible characters.',
    err_username_taken: 'That username is already taken. Try another one.',
    err_invalid_credentials: 'Wrong username or password.',
    err_too_many_requests: 'Too many failed attempts, so signing in is paused for a while: about a minute at first, longer if the failures go on. Try again then.',
    err_too_many_requests_retry: 'Too many failed attempts, so signing in is paused. Try again {when}.',
    err_signup_too_many_requests: 'Too many new accounts were made from your network. Try again later.',
    err_signup_too_many_requests_retry: 'Too many new accounts were made from your network. Try again {when}.',
    err_unauthorized: 'Your session has ended. Please sign in again.',
    err_not_contact: 'You can only message your contacts.',
    err_empty_message: 'A message cannot be empty.',
    err_message_too_long: 'Messages can be at most 4000 characters.',
    err_rate_limited: 'You are sending too fast. Wait a moment.',
    err_no_such_user: 'That user does not exist.',
    err_no_chat: 'That chat no longer exists.',
    err_bad_request: 'The server did not understand the request.',
    err_too_large: 'That is too large to send.',
    err_bad_origin: 'This page is not allowed to talk to the server. Reload it.',
    err_not_found: 'That no longer exists.',
    err_network: 'Cannot reach the server. Check your connection.',
    err_unknown: 'Something went wrong ({code}). Please try again.',

    // ---- the message view (issue #10: jump-to-bottom button) ----
    jumpToLatest: 'Jump to the latest messages',
    jumpUnreadBelow: 'Jump to the latest messages: {n} unread below',
    // ---- web-features: search, removing and blocking, last seen, chat settings, message search
    searchChats: 'Search chats',
    searchChatsPlaceholder: 'Search chats and messages',
    noChatsMatch: 'No chats match that name.',
    findPeoplePlaceholder: 'Search by name or username',
    noPeopleFound: 'Nobody found with that name or username.',
    searchTooFast: 'You are searching too fast. Wait a moment.',
    removeContact: 'Remove contact',
    removeContactLabel: 'Remove {name} from your contacts',
    removeContactTitle: 'Remove {name} from your contacts?',
    removeContactBody: 'You will no longer be able to send each other messages. Both chat histories stay.',
    removeContactOk: 'Remove',
    contactRemovedDone: 'Removed {name} from your contacts.',
    block: 'Block',
    blockLabel: 'Block {name}',
    blockTitle: 'Block {name}?',
    blockBody: '{name} will no longer be your contact and cannot send you messages or contact requests. You can unblock them later.',
    blockOk: 'Block',
    blockedDone: 'Blocked {name}.',
    unblock: 'Unblock',
    unblockLabel: 'Unblock {name}',
    unblockedDone: 'Unblocked {name}.',
    blockedUsers: 'Blocked users',
    blockedTag: 'Blocked',
    blockedNotice: 'You blocked {name}. Unblock them, then add them again to chat.',
    chatMenu: 'Chat options',
    err_blocked: 'This user does not accept messages or contact requests from you.',
    err_unblock_first: 'You blocked this user. Unblock them first.',
    lastSeen: 'last seen {when}',
    pin: 'Pin to top',
    unpin: 'Unpin',
    mute: 'Mute notifications',
    unmute: 'Unmute',
    markUnread: 'Mark as unread',
    markAsRead: 'Mark as read',
    pinnedTag: 'Pinned',
    mutedTag: 'Muted',
    markedUnreadTag: 'Marked unread',
    searchMessages: 'Search messages',
    searchMessagesPlaceholder: 'Search in this chat',
    closeSearch: 'Close search',
    noMessagesFound: 'No messages found.',
    searchResultCount: '{n} found',
    searchMore: 'Show older results',
    searchContext: 'Messages around this one',
    searchSearching: 'Searching…',
    // ---- search-v2: messages of every chat, from the chat list's search box ----
    searchMessagesSection: 'Messages',
    searchOlder: 'Search older messages',
    searchCutNone: 'None in the most recent messages searched so far.',
    // ---- issue #10 (web-polish) ----
    historyStartCopy: 'Your copy of this chat starts here: you deleted the earlier messages.',
    draftPrefix: '[Draft] {text}',
    appHeading: 'Duet chats',
    preferences: 'This browser',
    theme: 'Appearance',
    themeSystem: 'Same as the system',
    themeLight: 'Light',
    themeDark: 'Dark',
    soundToggle: 'Play a sound for new messages',
    emojiButton: 'Emoji',
    emojiSearch: 'Search emoji (English or 中文)',
    emojiNone: 'No emoji found.',
    nowContactsNote: 'You are now contacts. Say hello!',
    // ---- message edits ----
    messageActions: 'Message actions',
    actionReply: 'Reply',
    actionCopy: 'Copy',
    actionForward: 'Forward',
    actionRecall: 'Recall',
    actionDeleteForMe: 'Delete for me',
    recalledYou: 'You recalled a message',
    recalledBy: '{name} recalled a message',
    quoteMissing: 'The original message is no longer available',
    quoteRecalled: '{name} recalled this message',
    quoteUnavailable: 'A message',
    quoteGoTo: 'Show the original message',
    replyingTo: 'Replying to {name}',
    cancelReply: 'Cancel reply',
    copied: 'Copied',
    forwardTitle: 'Forward to…',
    forwardNoChats: 'No chat to forward to.',
    forwardedTo: 'Forwarded to {name}',
    deleteForMeTitle: 'Delete this message for you?',
    deleteForMeBody: 'It goes from your copy of the chat only; the other person still sees it.',
    deleteForMeOk: 'Delete',
    err_invalid_reply: 'The message you replied to is no longer in this chat.',
    err_no_such_message: 'That message is no longer in this chat.',
    err_not_sender: 'Only the sender can recall a message.',
    err_recall_window_passed: 'A message can only be recalled within 2 minutes of sending it.',
    // rich-files: pictures and files
    attachButton: 'Attach pictures or files',
    attachTray: 'Files to send',
    dropHere: 'Drop files to attach them',
    uploading: 'Uploading {name}…',
    uploadFailed: 'Upload failed',
    fileTooLarge: 'Too large to send: a file may be at most {max}.',
    cancelUpload: 'Remove {name}',
    retryUpload: 'Retry',
    photoLabel: '[Photo]',
    fileLabel: '[File] {name}',
    openPicture: 'Open picture {name}',
    downloadFile: 'Download {name}',
    viewerTitle: 'Picture',
    viewerClose: 'Close',
    viewerDownload: 'Download',
    pictureAlt: 'Picture {name}',
    loadingPicture: 'Loading picture…',
    waitForUploads: 'Wait for the files to finish uploading.',
    err_no_such_upload: 'A file could not be sent (it expired). Attach it again.',
    err_too_many_attachments: 'Too many files in one message.',
    err_attachments_too_large: 'These files are too large for one message together.',
    err_too_many_uploads: 'Too many files waiting to be sent. Send or remove some first.',
    err_image_too_large: 'That picture is too large (too many pixels).',
    err_no_such_file: 'This file is no longer available.',
  },
  'zh-CN': {
    appName: 'Duet',
    language: '语言',
    signIn: '登录',
    signUp: '注册',
    signInTitle: '登录 Duet',
    signUpTitle: '创建 Duet 账号',
    signInSubtitle: '与家人、同事或同学一对一聊天。',
    signUpSubtitle: '选一个方便别人找到你的用户名。',
    noAccount: '还没有账号？',
    haveAccount: '已有账号？',
    username: '用户名',
    usernameHint: '3–32 个字符：字母、数字、_ . 或 -',
    displayName: '昵称（可选）',
    displayNameHint: '联系人看到的名字，默认为用户名。',
    password: '密码',
    passwordHint: '至少 8 个字符。',
    signingIn: '正在登录…',
    signingUp: '正在注册…',
    signOut: '退出登录',
    sections: '分区',
    chats: '聊天',
    contacts: '通讯录',
    noChats: '还没有聊天。先添加联系人，再打个招呼吧。',
    findPeople: '查找用户',
    searchUsers: '按用户名搜索用户',
    searchPlaceholder: '搜索用户名',
    searchResults: '用户',
    noUsersFound: '没有找到该用户名。',
    incomingRequests: '好友申请',
    outgoingRequests: '等待对方验证',
    myContacts: '我的联系人',
    noContacts: '还没有联系人。在上方搜索用户名。',
    addContact: '添加',
    addContactLabel: '向 {name} 发送好友申请',
    requested: '已申请',
    accept: '接受',
    acceptLabel: '接受 {name} 的好友申请',
    decline: '拒绝',
    declineLabel: '拒绝 {name} 的好友申请',
    cancelRequest: '撤回',
    cancelRequestLabel: '撤回发给 {name} 的好友申请',
    message: '发消息',
    messageContactLabel: '打开与 {name} 的聊天',
    alreadyContact: '联系人',
    requestSent: '已向 {name} 发送好友申请。',
    nowContacts: '你和 {name} 已成为联系人。',
    online: '在线',
    offline: '离线',
    typing: '对方正在输入…',
    pickChat: '在左侧选择一个聊天，或到通讯录查找用户。',
    back: '返回列表',
    deleteChat: '删除聊天',
    deleteChatTitle: '删除与 {name} 的聊天？',
    deleteChatBody: '只会从你的列表中删除该聊天及其记录。{name} 仍保留他们那一份聊天记录。',
    deleteChatOk: '删除',
    cancel: '取消',
    messageHistory: '聊天记录',
    messageLabel: '消息',
    composerPlaceholder: '输入消息',
    composerHint: '按 Enter 发送，Shift+Enter 换行。',
    send: '发送',
    charsLeft: '还可输入 {n} 个字',
    charsOver: '超出 {n} 个字',
    loadingOlder: '正在加载更早的消息…',
    historyStart: '这是你们对话的开始。',
    emptyChat: '还没有消息，打个招呼吧！',
    loadFailed: '消息加载失败。',
    newMessagesBelow: '有新消息 ↓',
    unreadDividerOne: '以下为 1 条新消息',
    unreadDividerMany: '以下为 {n} 条新消息',
    notContactNotice: '你和 {name} 已不是联系人，无法发送新消息。聊天记录仍会保留。',
    today: '今天',
    yesterday: '昨天',
    stateSending: '发送中',
    stateSent: '已发送',
    stateRead: '已读',
    stateFailed: '发送失败',
    retry: '重发',
    discard: '删除',
    you: '我',
    lastMessageYou: '我：{text}',
    newMessageFrom: '{name} 发来新消息：{text}',
    unreadCount: '{n} 条未读',
    enableNotifications: '开启通知',
    connConnecting: '正在连接…',
    connReconnecting: '连接已断开，正在重连…',
    connReconnectingIn: '连接已断开，{s} 秒后重连…',
    connOffline: '当前处于离线状态，恢复网络后会自动发送消息。',
    connRetryNow: '立即重试',
    account: '账号',
    accountButton: '账号与安全',
    close: '关闭',
    profile: '个人资料',
    displayNameLabel: '昵称',
    displayNameEditHint: '联系人看到的名字，修改后对方会立即看到。',
    save: '保存',
    saving: '正在保存…',
    nameSaved: '昵称已修改。',
    changePassword: '修改密码',
    currentPassword: '当前密码',
    newPassword: '新密码',
    newPasswordHint: '8–256 个字符。修改后你的其他设备将退出登录。',
    changingPassword: '正在修改…',
    passwordChanged: '密码已修改，你的其他设备已退出登录。',
    enterCurrentPassword: '请输入当前密码。',
    wrongCurrentPassword: '当前密码不正确。',
    sessions: '已登录的设备',
    sessionsHint: '退出某台设备后，该设备上的登录会立即失效。',
    thisDevice: '本机',
    unknownClient: '未知设备',
    sessionActiveNow: '正在使用',
    sessionLastActive: '最近活动：{when}',
    sessionSignedIn: '登录于 {date}',
    signOutSession: '退出',
    signOutSessionLabel: '退出 {client}（最近活动：{when}）',
    signOutOthers: '退出其他所有设备',
    signedOutOthers: '其他所有设备均已退出登录。',
    yourData: '你的数据',
    exportHint: '一个 ZIP 文件，包含你的资料、联系人和你所保存的每个聊天（连同图片和文件）：既有数据格式（JSON），也有可在浏览器中阅读的网页。',
    exportData: '下载我的数据',
    exportPreparing: '正在准备你的数据…',
    exportDone: '你的数据已下载。',
    exportBusy: '你的数据正在准备下载，请等它完成后再试。',
    exportTooOften: '每小时只能下载几次数据。请{when}再试。',
    sessionSignedOut: '{client} 已退出登录。',
    noOtherSessions: '你没有在其他设备上登录。',
    loadingSessions: '正在加载…',
    sessionsLoadFailed: '无法加载登录设备列表。',
    justNow: '刚刚',
    signedOutRevoked: '你已退出登录：此会话已在其他设备上被退出、因修改密码而失效或已过期。请重新登录。',
    err_invalid_username: '用户名须为 3–32 个字符：字母、数字、_ . 或 -。',
    err_weak_password: '密码至少需要 8 个字符（最多 256 个）。',
    err_invalid_name: '昵称须为 1–64 个字符，不能只有空格，也不能包含控制字符或不可见字符。',
    err_username_taken: '该用户名已被占用，请换一个。',
    err_invalid_credentials: '用户名或密码错误。',
    err_too_many_requests: '失败次数过多，登录已暂停一段时间：起初约一分钟，继续失败会更久。请稍后再试。',
    err_too_many_requests_retry: '失败次数过多，登录已暂停。请{when}再试。',
    err_signup_too_many_requests: '你所在的网络创建的新账号过多。请稍后再试。',
    err_signup_too_many_requests_retry: '你所在的网络创建的新账号过多。请{when}再试。',
    err_unauthorized: '登录已失效，请重新登录。',
    err_not_contact: '只能给联系人发消息。',
    err_empty_message: '消息不能为空。',
    err_message_too_long: '消息最多 4000 个字。',
    err_rate_limited: '发送太快了，请稍等片刻。',
    err_no_such_user: '该用户不存在。',
    err_no_chat: '该聊天已不存在。',
    err_bad_request: '服务器无法理解该请求。',
    err_too_large: '内容太大，无法发送。',
    err_bad_origin: '此页面无权访问服务器，请刷新页面。',
    err_not_found: '该项已不存在。',
    err_network: '无法连接服务器，请检查网络。',
    err_unknown: '出错了（{code}），请重试。',

    // ---- the message view (issue #10: jump-to-bottom button) ----
    jumpToLatest: '跳到最新消息',
    jumpUnreadBelow: '跳到最新消息：下方有 {n} 条未读',
    // ---- web-features: 搜索、删除与屏蔽联系人、最后在线、聊天设置、聊天记录搜索
    searchChats: '搜索聊天',
    searchChatsPlaceholder: '搜索聊天和消息',
    noChatsMatch: '没有与该名称匹配的聊天。',
    findPeoplePlaceholder: '搜索昵称或用户名',
    noPeopleFound: '没有找到该昵称或用户名。',
    searchTooFast: '搜索太频繁了，请稍等片刻。',
    removeContact: '删除联系人',
    removeContactLabel: '将 {name} 从联系人中删除',
    removeContactTitle: '将 {name} 从联系人中删除？',
    removeContactBody: '你们将无法再互发消息。双方的聊天记录都会保留。',
    removeContactOk: '删除',
    contactRemovedDone: '已将 {name} 从联系人中删除。',
    block: '屏蔽',
    blockLabel: '屏蔽 {name}',
    blockTitle: '屏蔽 {name}？',
    blockBody: '{name} 将不再是你的联系人，也无法再向你发送消息或好友申请。你可以稍后解除屏蔽。',
    blockOk: '屏蔽',
    blockedDone: '已屏蔽 {name}。',
    unblock: '解除屏蔽',
    unblockLabel: '解除屏蔽 {name}',
    unblockedDone: '已解除屏蔽 {name}。',
    blockedUsers: '已屏蔽的用户',
    blockedTag: '已屏蔽',
    blockedNotice: '你已屏蔽 {name}。解除屏蔽并重新添加为联系人后才能聊天。',
    chatMenu: '聊天选项',
    err_blocked: '对方不接受你的消息或好友申请。',
    err_unblock_first: '你已屏蔽该用户，请先解除屏蔽。',
    lastSeen: '最后在线：{when}',
    pin: '置顶聊天',
    unpin: '取消置顶',
    mute: '消息免打扰',
    unmute: '取消免打扰',
    markUnread: '标为未读',
    markAsRead: '标为已读',
    pinnedTag: '已置顶',
    mutedTag: '免打扰',
    markedUnreadTag: '标为未读',
    searchMessages: '搜索聊天记录',
    searchMessagesPlaceholder: '在此聊天中搜索',
    closeSearch: '关闭搜索',
    noMessagesFound: '未找到相关消息。',
    searchResultCount: '找到 {n} 条',
    searchMore: '显示更早的结果',
    searchContext: '这条消息前后的消息',
    searchSearching: '正在搜索…',
    // ---- search-v2: messages of every chat, from the chat list's search box ----
    searchMessagesSection: '聊天记录',
    searchOlder: '搜索更早的消息',
    searchCutNone: '在目前搜索过的最近消息中没有找到。',
    // ---- issue #10 (web-polish) ----
    historyStartCopy: '你的这份聊天从这里开始：之前的消息已被你删除。',
    draftPrefix: '[草稿] {text}',
    appHeading: 'Duet 聊天',
    preferences: '本浏览器',
    theme: '外观',
    themeSystem: '跟随系统',
    themeLight: '浅色',
    themeDark: '深色',
    soundToggle: '新消息提示音',
    emojiButton: '表情',
    emojiSearch: '搜索表情（中文或英文）',
    emojiNone: '没有找到表情。',
    nowContactsNote: '你们已经是联系人了，打个招呼吧！',
    // ---- message edits ----
    messageActions: '消息操作',
    actionReply: '引用',
    actionCopy: '复制',
    actionForward: '转发',
    actionRecall: '撤回',
    actionDeleteForMe: '删除',
    recalledYou: '你撤回了一条消息',
    recalledBy: '{name}撤回了一条消息',
    quoteMissing: '原消息已不可见',
    quoteRecalled: '{name}撤回了这条消息',
    quoteUnavailable: '一条消息',
    quoteGoTo: '查看原消息',
    replyingTo: '回复 {name}',
    cancelReply: '取消引用',
    copied: '已复制',
    forwardTitle: '转发给…',
    forwardNoChats: '没有可以转发的聊天。',
    forwardedTo: '已转发给{name}',
    deleteForMeTitle: '删除这条消息？',
    deleteForMeBody: '只从你的聊天记录中删除，对方仍能看到。',
    deleteForMeOk: '删除',
    err_invalid_reply: '你引用的消息已不在此聊天中。',
    err_no_such_message: '这条消息已不在此聊天中。',
    err_not_sender: '只有发送者可以撤回消息。',
    err_recall_window_passed: '只能撤回 2 分钟内发送的消息。',
    // rich-files: pictures and files
    attachButton: '添加图片或文件',
    attachTray: '待发送的文件',
    dropHere: '拖放到这里以添加文件',
    uploading: '正在上传 {name}…',
    uploadFailed: '上传失败',
    fileTooLarge: '文件太大，无法发送：每个文件最大 {max}。',
    cancelUpload: '移除 {name}',
    retryUpload: '重试',
    photoLabel: '[图片]',
    fileLabel: '[文件] {name}',
    openPicture: '查看图片 {name}',
    downloadFile: '下载 {name}',
    viewerTitle: '图片',
    viewerClose: '关闭',
    viewerDownload: '下载',
    pictureAlt: '图片 {name}',
    loadingPicture: '正在加载图片…',
    waitForUploads: '请等待文件上传完成。',
    err_no_such_upload: '有文件无法发送（已过期），请重新添加。',
    err_too_many_attachments: '一条消息里的文件太多了。',
    err_attachments_too_large: '这些文件合起来太大，无法在一条消息中发送。',
    err_too_many_uploads: '待发送的文件太多了，请先发送或移除一些。',
    err_image_too_large: '图片太大了（像素过多）。',
    err_no_such_file: '此文件已不可用。',
  },
};

export const LOCALES = [
  { code: 'en', label: 'English' },
  { code: 'zh-CN', label: '简体中文' },
];

const STORAGE_KEY = 'duet.locale';
let current = detect();

function detect() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved && STRINGS[saved]) return saved;
  } catch { /* storage can be blocked; fall back to the browser language */ }
  const langs = navigator.languages?.length ? navigator.languages : [navigator.language || 'en'];
  for (const l of langs) {
    const lower = String(l).toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

export function locale() { return current; }

export function setLocale(code) {
  if (!STRINGS[code]) return;
  current = code;
  try { localStorage.setItem(STORAGE_KEY, code); } catch { /* not persisted, still switched */ }
  document.documentElement.lang = code;
}

/** Look a string up and fill {placeholders}; falls back to English, then to the key. */
export function t(key, params) {
  const s = STRINGS[current][key] ?? STRINGS.en[key] ?? key;
  if (!params) return s;
  return s.replace(/\{(\w+)\}/g, (m, name) => (name in params ? String(params[name]) : m));
}

/** A friendly sentence for an API error code. */
export function errorText(code, err = null) {
  const key = 'err_' + code;
  // The server said when trying again can succeed (Retry-After): say it rather than "a while".
  if (err?.retryAfter > 0 && STRINGS.en[key + '_retry']) return t(key + '_retry', { when: formatIn(err.retryAfter) });
  if (STRINGS.en[key]) return t(key);
  return t('err_unknown', { code: code || '?' });
}

/** Fill static markup: data-i18n sets text, data-i18n-attr="attr:key;attr:key" sets attributes. */
export function translateTree(root) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(el.dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-attr]')) {
    for (const pair of el.dataset.i18nAttr.split(';')) {
      const [attr, key] = pair.split(':');
      if (attr && key) el.setAttribute(attr.trim(), t(key.trim()));
    }
  }
}

// Formatters are cached per locale; Intl objects are costly to create.
const fmtCache = new Map();
function fmt(kind, options) {
  const k = current + '|' + kind;
  if (!fmtCache.has(k)) fmtCache.set(k, new Intl.DateTimeFormat(current, options));
  return fmtCache.get(k);
}

function startOfDay(ms) {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Whole calendar days between two instants, in the user's time zone. */
export function dayDiff(a, b) {
  return Math.round((startOfDay(a) - startOfDay(b)) / 86400000);
}

export function dayKey(ms) { return startOfDay(ms); }

export function formatTime(ms) {
  return fmt('time', { hour: 'numeric', minute: '2-digit' }).format(ms);
}

export function formatFull(ms) {
  return fmt('full', { dateStyle: 'full', timeStyle: 'short' }).format(ms);
}

/** Day separator: Today, Yesterday, a weekday this week, else a date. */
export function formatDay(ms, now = Date.now()) {
  const diff = dayDiff(now, ms);
  if (diff === 0) return t('today');
  if (diff === 1) return t('yesterday');
  if (diff > 1 && diff < 7) return fmt('weekdayLong', { weekday: 'long', month: 'long', day: 'numeric' }).format(ms);
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  return sameYear
    ? fmt('dayMonth', { month: 'long', day: 'numeric', weekday: 'short' }).format(ms)
    : fmt('dayMonthYear', { year: 'numeric', month: 'long', day: 'numeric' }).format(ms);
}

/** A date with the time of day, e.g. for when a session signed in. */
export function formatDateTime(ms) {
  return fmt('dateTime', { dateStyle: 'medium', timeStyle: 'short' }).format(ms);
}

const rtfCache = new Map();

/** "just now", "5 minutes ago", "yesterday", … in the UI language; a date beyond a week. */
export function formatRelative(ms, now = Date.now()) {
  const secs = Math.round((now - ms) / 1000);
  if (secs < 60) return t('justNow');
  if (!rtfCache.has(current)) rtfCache.set(current, new Intl.RelativeTimeFormat(current, { numeric: 'auto' }));
  const rtf = rtfCache.get(current);
  const mins = Math.floor(secs / 60);
  if (mins < 60) return rtf.format(-mins, 'minute');
  const hours = Math.floor(mins / 60);
  if (hours < 24) return rtf.format(-hours, 'hour');
  const days = dayDiff(now, ms);
  if (days < 7) return rtf.format(-days, 'day');
  return fmt('date', { dateStyle: 'medium' }).format(ms);
}

/** "in 45 seconds", "in 2 minutes" (rounded up), in the UI language. */
export function formatIn(seconds) {
  const key = current + ':in';
  if (!rtfCache.has(key)) rtfCache.set(key, new Intl.RelativeTimeFormat(current, { numeric: 'always' }));
  const rtf = rtfCache.get(key);
  return seconds < 60 ? rtf.format(Math.ceil(seconds), 'second') : rtf.format(Math.ceil(seconds / 60), 'minute');
}

/** Compact time for the chat list: a time today, else Yesterday, a weekday, or a short date. */
export function formatListTime(ms, now = Date.now()) {
  const diff = dayDiff(now, ms);
  if (diff === 0) return formatTime(ms);
  if (diff === 1) return t('yesterday');
  if (diff > 1 && diff < 7) return fmt('weekday', { weekday: 'short' }).format(ms);
  return fmt('shortDate', { year: '2-digit', month: 'numeric', day: 'numeric' }).format(ms);
}

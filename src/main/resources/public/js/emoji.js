// The emoji picker's small built-in set, each with English and Chinese names and keywords,
// so a search in either language finds it whatever the interface language is.

/** [emoji, English name, English keywords, Chinese name, Chinese keywords] */
const SET = [
  ['😀', 'grinning face', 'smile happy', '笑脸', '开心 高兴 微笑'],
  ['😂', 'tears of joy', 'laugh lol funny', '笑哭', '大笑 哈哈 好笑'],
  ['🙂', 'slightly smiling', 'smile ok', '微笑', '笑 好的'],
  ['😉', 'winking face', 'wink', '眨眼', '调皮'],
  ['😊', 'smiling eyes', 'blush happy', '害羞', '开心 脸红'],
  ['😍', 'heart eyes', 'love', '花痴', '爱 喜欢'],
  ['😘', 'blowing a kiss', 'kiss love', '飞吻', '亲 爱'],
  ['😎', 'sunglasses', 'cool', '酷', '墨镜 帅'],
  ['🤔', 'thinking face', 'hmm think', '思考', '想 嗯'],
  ['😅', 'sweat smile', 'relief phew', '苦笑', '汗 尴尬'],
  ['😢', 'crying face', 'sad tear', '哭', '难过 伤心 流泪'],
  ['😭', 'loudly crying', 'sob sad', '大哭', '伤心 哭泣'],
  ['😡', 'angry face', 'mad rage', '生气', '愤怒 发火'],
  ['😱', 'screaming', 'shock fear', '惊恐', '害怕 吓'],
  ['😴', 'sleeping face', 'sleep tired zzz', '睡觉', '困 累 晚安'],
  ['🤗', 'hugging face', 'hug', '拥抱', '抱抱'],
  ['🙄', 'rolling eyes', 'whatever', '翻白眼', '无语'],
  ['😇', 'halo', 'angel innocent', '天使', '乖 无辜'],
  ['🥳', 'party face', 'celebrate birthday', '庆祝', '派对 生日'],
  ['😋', 'yummy', 'delicious tasty food', '好吃', '美味 馋'],
  ['👍', 'thumbs up', 'yes ok good like', '赞', '好 同意 点赞'],
  ['👎', 'thumbs down', 'no bad dislike', '踩', '不好 反对'],
  ['👏', 'clapping hands', 'applause bravo', '鼓掌', '棒 拍手'],
  ['🙏', 'folded hands', 'please thanks pray', '合十', '谢谢 拜托 祈祷'],
  ['👋', 'waving hand', 'hello hi bye wave', '挥手', '你好 再见 嗨'],
  ['💪', 'flexed biceps', 'strong muscle', '加油', '强壮 肌肉'],
  ['👌', 'ok hand', 'okay perfect', 'OK手势', '好的 没问题'],
  ['✌️', 'victory hand', 'peace', '胜利', '耶 和平'],
  ['🤝', 'handshake', 'deal agree', '握手', '合作 成交'],
  ['❤️', 'red heart', 'love', '红心', '爱 爱心 喜欢'],
  ['💔', 'broken heart', 'sad heartbreak', '心碎', '伤心 失恋'],
  ['🔥', 'fire', 'hot lit', '火', '热 厉害 火爆'],
  ['✨', 'sparkles', 'shiny new magic', '闪亮', '星星 魔法'],
  ['🎉', 'party popper', 'celebrate congratulations tada', '庆祝', '恭喜 派对 彩带'],
  ['🎂', 'birthday cake', 'birthday cake', '生日蛋糕', '生日 蛋糕'],
  ['🎁', 'gift', 'present birthday', '礼物', '送礼 生日'],
  ['🌹', 'rose', 'flower love', '玫瑰', '花 爱情'],
  ['🌞', 'sun', 'sunny morning', '太阳', '晴天 早上'],
  ['🌙', 'moon', 'night', '月亮', '晚上 夜'],
  ['⭐', 'star', 'favourite', '星星', '收藏'],
  ['☕', 'coffee', 'hot drink tea', '咖啡', '喝 茶'],
  ['🍵', 'tea', 'green tea cup', '茶', '喝茶 绿茶'],
  ['🍚', 'rice', 'food meal dinner', '米饭', '吃饭 饭'],
  ['🍜', 'noodles', 'ramen soup food', '面条', '拉面 吃面'],
  ['🥟', 'dumpling', 'jiaozi food', '饺子', '包子 吃'],
  ['🍺', 'beer', 'drink cheers', '啤酒', '喝酒 干杯'],
  ['🐶', 'dog', 'puppy pet', '狗', '小狗 宠物'],
  ['🐱', 'cat', 'kitten pet', '猫', '小猫 宠物'],
  ['🐼', 'panda', 'bear', '熊猫', '国宝'],
  ['🧧', 'red envelope', 'money new year hongbao', '红包', '新年 过年 钱'],
  ['🏮', 'red lantern', 'new year festival', '灯笼', '春节 节日'],
  ['✅', 'check mark', 'done yes', '对勾', '完成 好了'],
  ['❌', 'cross mark', 'no wrong', '叉', '错 不'],
  ['❓', 'question mark', 'what', '问号', '什么 疑问'],
  ['💯', 'hundred points', 'perfect score', '一百分', '满分 完美'],
  ['👀', 'eyes', 'look see', '眼睛', '看 围观'],
];

export const EMOJI = SET.map(([char, en, enKeys, zh, zhKeys]) => ({
  char, en, zh, haystack: [en, enKeys, zh, zhKeys].join(' ').toLowerCase(),
}));

/** The emoji whose English or Chinese names or keywords contain every word of the query. */
export function search(query) {
  const words = String(query || '').toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return EMOJI;
  return EMOJI.filter((e) => words.every((w) => e.haystack.includes(w)));
}
